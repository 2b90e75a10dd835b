/**
 * Where the guide's pages cite the registry: `<Recommendation id="…" />` and `<Claim id="…" />`
 * in docs/**\/*.md(x), with file and line, so a dangling or missing citation is a finding.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface Citation {
  kind: 'Recommendation' | 'Claim';
  id: string;
  file: string;
  line: number;
}

const CITATION = /<(Recommendation|Claim)\s+id="([^"]*)"/g;

export function citationsIn(text: string, file: string): Citation[] {
  const citations: Citation[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(CITATION))
      citations.push({
        kind: match[1] as Citation['kind'],
        id: match[2] ?? '',
        file,
        line: index + 1,
      });
  });
  return citations;
}

/** Citations in the guide's docs instance (the dogfood pages are fixtures, not the guide). */
export async function scanDocs(siteDir: string, docsDir = 'docs'): Promise<Citation[]> {
  const files = (await readdir(path.join(siteDir, docsDir), { recursive: true })).filter((f) =>
    /\.mdx?$/.test(f),
  );
  const all: Citation[] = [];
  for (const file of files.sort()) {
    const relative = path.posix.join(docsDir, file.split(path.sep).join('/'));
    all.push(...citationsIn(await readFile(path.join(siteDir, relative), 'utf8'), relative));
  }
  return all;
}
