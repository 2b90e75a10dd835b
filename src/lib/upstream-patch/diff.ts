/**
 * A unified diff in git's format for a change confined to one region of a file (which is all the
 * upstream patch makes): the common leading and trailing lines are context, three on each side,
 * so `git apply` and `patch -p1` accept it.
 */
const CONTEXT = 3;

interface Line {
  text: string;
  /** False for a last line without a newline. */
  newline: boolean;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const lines = parts.map((part) => ({ text: part, newline: true }));
  if (last !== '') lines.push({ text: last, newline: false });
  return lines;
}

const same = (a: Line | undefined, b: Line | undefined): boolean =>
  a !== undefined && b !== undefined && a.text === b.text && a.newline === b.newline;

function range(start: number, count: number): string {
  // An empty range names the line before it (GNU diff's convention).
  return count === 0 ? `${start},0` : count === 1 ? `${start}` : `${start},${count}`;
}

function render(prefix: string, line: Line): string {
  return `${prefix}${line.text}\n${line.newline ? '' : '\\ No newline at end of file\n'}`;
}

/** The diff of one file, `''` when nothing changed; `path` is relative to the repository root. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && same(a[head], b[head])) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    same(a[a.length - 1 - tail], b[b.length - 1 - tail])
  )
    tail += 1;
  const start = Math.max(0, head - CONTEXT);
  const endA = Math.min(a.length, a.length - tail + CONTEXT);
  const endB = Math.min(b.length, b.length - tail + CONTEXT);
  const lines: string[] = [];
  for (let index = start; index < head; index += 1) lines.push(render(' ', a[index] as Line));
  for (let index = head; index < a.length - tail; index += 1)
    lines.push(render('-', a[index] as Line));
  for (let index = head; index < b.length - tail; index += 1)
    lines.push(render('+', b[index] as Line));
  for (let index = a.length - tail; index < endA; index += 1)
    lines.push(render(' ', a[index] as Line));
  const countA = endA - start;
  const countB = endB - start;
  return [
    `diff --git a/${path} b/${path}\n`,
    `--- a/${path}\n`,
    `+++ b/${path}\n`,
    `@@ -${range(countA === 0 ? start : start + 1, countA)} +${range(countB === 0 ? start : start + 1, countB)} @@\n`,
    ...lines,
  ].join('');
}
