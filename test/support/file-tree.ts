/** Every file under a folder, relative path → text, sorted: to compare what two runs wrote. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, absolute), await readFile(absolute, 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
