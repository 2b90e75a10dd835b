/**
 * The project's own import graph: every relative import of the TypeScript files under the given
 * folders, resolved to a file the way the bundler resolves it (extension, then `index`). Package
 * imports are left out: the rules of ARCHITECTURE.md ("What may import what") are about our folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the root, with forward slashes. */
  from: string;
  /** Imported file, relative to the root. */
  to: string;
  /** 1-based line of the import in `from`. */
  line: number;
}

const SOURCE = /\.(ts|tsx|mts)$/;
const CANDIDATES = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

function listSources(root: string, folder: string): string[] {
  const start = path.join(root, folder);
  if (!existsSync(start)) return [];
  return readdirSync(start, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

function resolve(root: string, from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@site/')
    ? path.join(root, specifier.slice('@site/'.length))
    : path.join(root, path.dirname(from), specifier);
  for (const suffix of CANDIDATES) {
    const candidate = base + suffix;
    if (existsSync(candidate) && statSync(candidate).isFile())
      return path.relative(root, candidate).split(path.sep).join('/');
  }
  return undefined;
}

function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('@site/');
}

/** The imports (static, dynamic and re-exports) of every source file under `folders`. */
export function readImportGraph(root: string, folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of folders.flatMap((folder) => listSources(root, folder))) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const reference of info.importedFiles) {
      if (!isProjectSpecifier(reference.fileName)) continue;
      const to = resolve(root, file, reference.fileName);
      if (to === undefined) continue;
      const line = text.slice(0, reference.pos).split('\n').length;
      edges.push({ from: file, to, line });
    }
  }
  return edges;
}
