/**
 * Named regions of an example file: the lines between `ANCHOR: name` and `ANCHOR_END: name`
 * markers (in C comments, `/* ANCHOR: name *\/`). The docs embed regions, never line numbers, so
 * an edit to the file cannot silently shift what a page shows.
 */

export interface Region {
  name: string;
  /** The region's lines, markers of other regions removed, common indentation removed. */
  code: string;
  /** 1-based line numbers of the first and last line of code in the file. */
  startLine: number;
  endLine: number;
}

const MARKER = /\bANCHOR(_END)?:\s*([A-Za-z0-9_-]+)/;

/** Thrown for a malformed or missing region; the message says what to fix. */
export class RegionError extends Error {
  override name = 'RegionError';
}

function dedent(lines: string[]): string[] {
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common));
}

/** Every region of a file, by name. Unclosed, unopened or repeated regions are errors. */
export function findRegions(source: string, file = 'the file'): Map<string, Region> {
  const lines = source.split('\n');
  const open = new Map<string, number>();
  const regions = new Map<string, Region>();
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (!marker) return;
    const [, end, name = ''] = marker;
    if (end === undefined) {
      if (open.has(name) || regions.has(name)) {
        throw new RegionError(
          `${file}:${index + 1}: region "${name}" is opened a second time; region names must be unique in a file`,
        );
      }
      open.set(name, index);
      return;
    }
    const start = open.get(name);
    if (start === undefined) {
      throw new RegionError(
        `${file}:${index + 1}: ANCHOR_END: ${name} has no ANCHOR: ${name} before it`,
      );
    }
    open.delete(name);
    const body = lines.slice(start + 1, index).filter((bodyLine) => !MARKER.test(bodyLine));
    regions.set(name, {
      name,
      code: dedent(body).join('\n').replace(/\s+$/, ''),
      startLine: start + 2,
      endLine: index,
    });
  });
  for (const [name, start] of open) {
    throw new RegionError(
      `${file}:${start + 1}: region "${name}" is never closed; add ANCHOR_END: ${name}`,
    );
  }
  return regions;
}

/** One region by name; a missing one is an error that lists the regions the file has. */
export function extractRegion(source: string, name: string, file = 'the file'): Region {
  const regions = findRegions(source, file);
  const region = regions.get(name);
  if (!region) {
    const known = [...regions.keys()];
    throw new RegionError(
      `${file} has no region "${name}"; ${known.length > 0 ? `its regions are: ${known.join(', ')}` : 'it has no ANCHOR markers'}`,
    );
  }
  return region;
}
