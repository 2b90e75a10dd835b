/**
 * npm run diagrams: draws every ```mermaid block of docs/ and dogfood/ to light and dark SVG files
 * in docs/diagrams/ (src/lib/diagrams), which the pages show as images. Run it after editing a
 * diagram or updating Mermaid; the build names any block that is not drawn.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { COLOUR_SCHEMES, DIAGRAMS_DIR, diagramFileName, mermaidVersion } from '../src/lib/diagrams';
import { openDiagramRenderer } from '../src/lib/diagrams/render';
import { compareDiagramFiles, findDiagrams } from '../src/lib/diagrams/sources';

const HELP = `Usage: npm run diagrams [-- --check | --force]

Draws each Mermaid diagram of docs/ and dogfood/ that has no files yet into ${DIAGRAMS_DIR}/, one SVG
per colour scheme (${COLOUR_SCHEMES.join(', ')}), named by a hash of the Mermaid version and the
diagram's text, and removes files no diagram needs any more.

  --check   write nothing; list diagrams not drawn and files not needed (exit 1 if any)
  --force   draw every diagram again

Exit codes: 0 done (or nothing to do), 1 --check found something, 2 usage error.
`;

runCli(HELP, async (argv) => {
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
  const outDir = path.join(siteDir, DIAGRAMS_DIR);
  if (todo.length > 0) {
    await mkdir(outDir, { recursive: true });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const renderer = await openDiagramRenderer(browser, siteDir);
      for (const diagram of todo) {
        for (const scheme of COLOUR_SCHEMES) {
          const name = diagramFileName(diagram.key, scheme);
          const svg = await renderer.render(diagram.source, scheme, `diagram-${diagram.key}`);
          // Written whole or not at all: the build must never see half a file.
          const target = path.join(outDir, name);
          await writeFile(`${target}.tmp`, `${svg}\n`);
          await rename(`${target}.tmp`, target);
        }
        console.log(`drew ${diagram.file}:${diagram.line} → ${DIAGRAMS_DIR}/${diagram.key}-*.svg`);
      }
    } finally {
      await browser.close();
    }
  }
  for (const name of orphans) {
    await rm(path.join(outDir, name));
    console.log(`removed ${DIAGRAMS_DIR}/${name} (no diagram needs it)`);
  }
  console.log(
    `${diagrams.length} diagram(s): ${todo.length} drawn, ${orphans.length} file(s) removed.`,
  );
  return EXIT_OK;
});
