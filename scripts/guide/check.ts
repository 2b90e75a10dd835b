/** `npm run guide -- check`: the traceability check of the recommendation registry. */
import { EXIT_FINDINGS, EXIT_OK } from '../../src/lib/cli';
import { formatOnlyArguments } from '../../src/lib/cli/format-option';
import { formatFindingsReport } from '../../src/lib/errata';
import { checkTraceability } from '../../src/lib/recommendations';

export async function check(args: string[]): Promise<number> {
  const format = formatOnlyArguments(args, ['text', 'json', 'github']);
  const { registry, findings } = await checkTraceability({ siteDir: process.cwd() });
  const count = registry?.recommendations.length ?? 0;
  const claims = registry?.recommendations.reduce((n, r) => n + r.claims.length, 0) ?? 0;
  process.stdout.write(
    formatFindingsReport(findings, format, {
      json: { findings },
      summary:
        findings.length === 0
          ? `${count} recommendations, ${claims} claims: all traced.`
          : `${findings.length} finding(s).`,
      githubTitle: (finding) => `guide ${finding.rule}`,
    }),
  );
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}
