/**
 * The C sources as the docs will use them: every example carries the header the guide relies on,
 * and its named regions (`ANCHOR: name` … `ANCHOR_END: name`) are well formed, so an embed can
 * never pick up half a region.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { parse } from 'yaml';

import { EXAMPLES_DIR, PATTERNS } from '../../src/lib/examples/index';

interface RegistryEntry {
  id: string;
  examples: string[];
}
const registry = (
  parse(readFileSync('docs/guide/recommendations.yaml', 'utf8')) as {
    recommendations: RegistryEntry[];
  }
).recommendations;

interface Region {
  name: string;
  start: number;
  end: number;
}

/** Parses the regions of a source; throws on an unmatched, nested or repeated marker. */
function regions(source: string): Region[] {
  const found: Region[] = [];
  let open: { name: string; start: number } | undefined;
  source.split('\n').forEach((line, index) => {
    const marker = /\/\* (ANCHOR|ANCHOR_END): ([a-z0-9-]+) \*\//.exec(line);
    if (!marker) return;
    const [, kind, name = ''] = marker;
    if (kind === 'ANCHOR') {
      if (open) throw new Error(`line ${index + 1}: ${name} opens inside ${open.name}`);
      if (found.some((r) => r.name === name)) throw new Error(`line ${index + 1}: ${name} again`);
      open = { name, start: index + 1 };
    } else {
      if (open?.name !== name) throw new Error(`line ${index + 1}: ${name} ends but is not open`);
      found.push({ ...open, end: index + 1 });
      open = undefined;
    }
  });
  if (open) throw new Error(`${open.name} (line ${open.start}) never ends`);
  return found;
}

const sources = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.c'));

describe('example sources', () => {
  it('has one C file per pattern, named by the pattern id', () => {
    expect(sources.sort()).toEqual(PATTERNS.map((p) => `${p.id}.c`).sort());
  });

  for (const file of sources) {
    const text = readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');

    it(`${file} opens with a description, the guide section, the thread condition and needs`, () => {
      const header = text.slice(0, text.indexOf('*/'));
      // First line: "/* <file> - <one-line description>", then a blank comment line.
      expect(header.split('\n')[0]).toMatch(
        new RegExp(`^/\\* ${file.replace('.', '\\.')} - .+\\.$`),
      );
      expect(header.split('\n')[1]).toBe(' *');
      expect(header).toMatch(
        /§2\.5\.2 of the revised guide, page \/guide\/(applications|module-implementers|wrappers-and-runtimes):/,
      );
      expect(header).toMatch(/Thread condition: /);
      expect(header).toMatch(/Requires: /);
    });

    it(`${file} names exactly the recommendations that cite it`, () => {
      const header = text.slice(0, text.indexOf('*/'));
      const named = [...header.matchAll(/\bR-[A-Z0-9]+(?:-[A-Z0-9]+)+\b/g)].map((m) => m[0]);
      const citing = registry
        .filter((r) => r.examples.includes(file.replace(/\.c$/, '')))
        .map((r) => r.id);
      expect(named.sort()).toEqual(citing.sort());
    });

    it(`${file} has well-formed, non-empty named regions`, () => {
      const found = regions(text);
      expect(found.length).toBeGreaterThan(0);
      for (const region of found) expect(region.end - region.start).toBeGreaterThan(1);
    });
  }

  const moduleDir = path.join(EXAMPLES_DIR, 'module');
  const moduleSources = readdirSync(moduleDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.[ch]$/.test(f),
  );

  it('covers the reference module: daemon, client, lifecycle and the fork-rule tests', () => {
    for (const file of ['lifecycle.c', 'client.c', 'daemon.c', 'tests/fork-rules.c'])
      expect(moduleSources).toContain(file);
  });

  for (const file of moduleSources) {
    it(`module/${file} says what it is and carries its licence`, () => {
      const text = readFileSync(path.join(moduleDir, file), 'utf8');
      expect(text.split('\n')[0]).toMatch(
        new RegExp(`^/\\* ${path.basename(file).replace('.', '\\.')} - .+`),
      );
      expect(text).toContain('SPDX-License-Identifier: Apache-2.0');
      expect(() => regions(text)).not.toThrow();
    });
  }

  it('rejects a region that never ends, so the check above can fail', () => {
    expect(() => regions('/* ANCHOR: a */\nx\n')).toThrow(/never ends/);
    expect(() => regions('/* ANCHOR_END: a */\n')).toThrow(/not open/);
  });
});
