// The module the example-results plugin generates for the module behaviour page.
declare module '@generated/example-results/default/results.json' {
  import type { ShownResults } from '@site/src/lib/examples/shown-results';

  const data: ShownResults;
  export default data;
}
