// The module the probe-reports plugin generates for <ProbeReports /> (contentLoaded).
declare module '@generated/probe-reports/default/reports.json' {
  import type { ProbeReportsData } from '@site/src/plugins/probe-reports/types';

  const data: ProbeReportsData;
  export default data;
}
