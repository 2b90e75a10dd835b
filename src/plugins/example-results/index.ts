/**
 * Docusaurus plugin: the committed example results (examples/results.json) as the module
 * behaviour page shows them, in a generated JSON module that only that page imports. The page
 * gets the fields its tables print, not the return-code histograms and notes the traceability
 * check reads, so the results' growth with each repeat run does not grow the page's JavaScript.
 */
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

import { readResults, shownResults, type ShownResults } from '../../lib/examples/index';

/** The generated module the page imports, in the plugin's folder of generated files. */
const RESULTS_MODULE = 'results.json';

export default function pluginExampleResults(context: LoadContext): Plugin<ShownResults> {
  const file = path.join(context.siteDir, 'examples', 'results.json');
  return {
    name: 'example-results',

    getPathsToWatch: () => [file],

    async loadContent() {
      return shownResults(await readResults(file));
    },

    async contentLoaded({ content, actions }) {
      // @generated/example-results/default/results.json (declared in results-json.d.ts).
      await actions.createData(RESULTS_MODULE, JSON.stringify(content));
    },
  };
}
