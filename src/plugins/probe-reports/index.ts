/**
 * Docusaurus plugin: the published probe reports (examples/probe/reports/, the project's own
 * and contributed ones). Every report is validated against the probe's schema at build time —
 * a contributed report that does not fit fails the build, naming the file and field — and a
 * compact view of each goes to the module behaviour page, in a generated JSON module that only
 * the <ProbeReports /> component imports (not global data, which every page would download).
 */
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

import { moduleName, readPublishedReports, type PublishedReport } from '../../lib/probe';
import type { ProbeReportsData, ProbeReportView } from './types';

export interface PluginOptions {
  /** Base of links to a file in the repository, e.g. `https://github.com/o/r/blob/main/`. */
  fileUrl: string;
}

const REPORTS = path.join('examples', 'probe', 'reports');
/** The generated module the component imports, in the plugin's folder of generated files. */
const REPORTS_MODULE = 'reports.json';
/** Hex digits of the module's SHA-256 the page shows (64 bits). */
const SHA256_SHOWN = 16;

function view(entry: PublishedReport, siteDir: string, fileUrl: string): ProbeReportView {
  const { report } = entry;
  const { provenance } = report;
  const options = provenance.options;
  return {
    id: entry.id,
    source: entry.source,
    url: `${fileUrl}${path.relative(siteDir, entry.file).split(path.sep).join('/')}`,
    module: moduleName(report),
    cryptokiVersion: provenance.info?.cryptokiVersion ?? null,
    // A prefix identifies the build; the full digest is in the linked report.
    sha256: provenance.module.sha256?.slice(0, SHA256_SHOWN) ?? null,
    system: `${provenance.os.sysname} ${provenance.os.machine}, ${provenance.libc ?? 'unknown libc'}`,
    date: provenance.date.slice(0, 10),
    probeVersion: report.probe.version,
    options: `${String(options.forks)} forks, ${String(options.threads)} threads${options.finalize ? '' : ', no C_Finalize scenarios'}`,
    verdicts: report.recommendations.map(({ id, verdict, reason }) => ({ id, verdict, reason })),
    scenarios: report.scenarios
      .filter((scenario) => scenario.status !== 'done')
      .map(({ id, status, detail }) => ({ id, status, detail })),
  };
}

export default function pluginProbeReports(
  context: LoadContext,
  options: PluginOptions,
): Plugin<ProbeReportsData> {
  const { siteDir } = context;
  return {
    name: 'probe-reports',

    getPathsToWatch: () => [path.join(siteDir, REPORTS, '**', '*.json')],

    async loadContent() {
      const { reports, problems } = await readPublishedReports(path.join(siteDir, REPORTS));
      if (problems.length > 0) {
        throw new Error(
          `Probe reports that do not fit the schema (examples/probe/README.md):\n${problems.join('\n')}`,
        );
      }
      return { reports: reports.map((entry) => view(entry, siteDir, options.fileUrl)) };
    },

    async contentLoaded({ content, actions }) {
      // @generated/probe-reports/default/reports.json (declared in reports-json.d.ts).
      await actions.createData(REPORTS_MODULE, JSON.stringify(content));
    },
  };
}
