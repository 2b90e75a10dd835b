/**
 * npm run diagrams: draws every ```mermaid block of docs/ and dogfood/ to light and dark SVG files
 * in docs/diagrams/ (src/lib/diagrams), which the pages show as images. Run it after editing a
 * diagram or updating Mermaid; the build names any block that is not drawn.
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { DIAGRAMS_DIR, mermaidVersion } from '../src/lib/diagrams';
import { drawDiagrams, removeDiagramFiles } from '../src/lib/diagrams/draw';
import { compareDiagramFiles, findDiagrams } from '../src/lib/diagrams/sources';
import { DIAGRAMS_HELP } from '../src/lib/diagrams/help';

runCli(DIAGRAMS_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: 'boolean' }, force: { type: 'boolean' } },
  });
  const siteDir = process.cwd();
  const version = mermaidVersion(siteDir);
  const diagrams = await findDiagrams(siteDir, version);
  const { missing, orphans } = await compareDiagramFiles(siteDir, diagrams);
  if (values.check) {
    for (const diagram of missing)
      console.log(`${diagram.file}:${diagram.line}: not drawn for Mermaid ${version}`);
    for (const name of orphans) console.log(`${DIAGRAMS_DIR}/${name}: no diagram needs it`);
    if (missing.length + orphans.length === 0)
      console.log(`${diagrams.length} diagram(s), all drawn for Mermaid ${version}.`);
    return missing.length + orphans.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  }
  const todo = values.force ? diagrams : missing;
  const log = (line: string): void => {
    console.log(line);
  };
  await drawDiagrams(siteDir, todo, log);
  await removeDiagramFiles(siteDir, orphans, log);
  console.log(
    `${diagrams.length} diagram(s): ${todo.length} drawn, ${orphans.length} file(s) removed.`,
  );
  return EXIT_OK;
});
