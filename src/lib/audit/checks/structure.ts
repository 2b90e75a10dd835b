/**
 * Structure, as pandoc will render the chapters (the TC builds with --number-sections from
 * files.txt): heading levels that skip a level, headings that carry their own number or appendix
 * letter on top of pandoc's, appendix letters out of sequence, duplicate headings under one
 * parent, links to `#id` targets that no heading has, tables pandoc renders without a header
 * row, list markers inside pipe-table cells (printed literally), and bracketed URLs that render
 * as text, not links (all conversion artefacts of a .docx origin).
 * Pandoc's rules: pandoc manual, "Headings", "Tables" (pipe_tables, grid_tables), "Links".
 */
import { headingsOf, positionOf, scanCode, type Heading } from '../markdown';
import type { AuditCheck, Chapter, Finding } from '../types';

const RULE = 'structure';

function at(path: string, line: number, col: number, message: string): Finding {
  return { file: path, line, col, rule: RULE, message };
}

function headingFindings(headings: readonly Heading[]): Finding[] {
  const findings: Finding[] = [];
  let previousLevel = 0;
  let letter = 0;
  const siblings = new Map<string, Heading>();
  for (const heading of headings) {
    if (heading.level > previousLevel + 1) {
      findings.push(
        at(
          heading.path,
          heading.line,
          1,
          `Heading level ${heading.level} follows level ${previousLevel}: pandoc numbers it ${heading.number ?? '(unnumbered)'}, with a 0 for the skipped level`,
        ),
      );
    }
    previousLevel = heading.level;
    const appendix = /^Appendix ([A-Z])\b/.exec(heading.title);
    if (appendix && heading.number !== undefined) {
      findings.push(
        at(
          heading.path,
          heading.line,
          1,
          `"${heading.title}" is numbered twice: pandoc --number-sections prints it as ${heading.number} before its own letter; mark it {-} (unnumbered)`,
        ),
      );
    }
    if (appendix) {
      const expected = String.fromCharCode(65 + letter);
      if (appendix[1] !== expected) {
        findings.push(
          at(
            heading.path,
            heading.line,
            10,
            `Appendix ${appendix[1] ?? ''} follows appendix ${letter === 0 ? '(none)' : String.fromCharCode(64 + letter)}: expected Appendix ${expected}`,
          ),
        );
      }
      letter = (appendix[1] ?? 'A').charCodeAt(0) - 64;
    }
    const parent = (heading.number ?? '').split('.').slice(0, -1).join('.');
    const key = `${heading.level}|${parent}|${heading.title.toLowerCase()}`;
    const twin = siblings.get(key);
    if (twin !== undefined) {
      findings.push(
        at(
          heading.path,
          heading.line,
          1,
          `Duplicate heading "${heading.title}" under the same parent (first at ${twin.path}:${twin.line})`,
        ),
      );
    } else {
      siblings.set(key, heading);
    }
  }
  return findings;
}

function linkFindings(
  chapter: Chapter,
  anchors: ReadonlySet<string>,
  inCode: readonly boolean[],
): Finding[] {
  const findings: Finding[] = [];
  for (const match of chapter.text.matchAll(/\]\(#([^)\s]+)\)|\{@([\w-]+)\}/g)) {
    const id = match[1] ?? match[2] ?? '';
    const { line, col } = positionOf(chapter.text, match.index);
    if (inCode[line - 1] === true || anchors.has(id)) continue;
    findings.push(
      at(chapter.path, line, col, `Link to #${id}, which no heading or {#id} in the guide defines`),
    );
  }
  const definitions = new Set(
    [...chapter.text.matchAll(/^ {0,3}\[([^\]]+)\]:/gm)].map((match) =>
      (match[1] ?? '').toLowerCase(),
    ),
  );
  for (const match of chapter.text.matchAll(/(?<![\]!\\])\[(https?:\/\/[^\]\s]+)\](?![([:])/g)) {
    const { line, col } = positionOf(chapter.text, match.index);
    if (inCode[line - 1] === true || definitions.has((match[1] ?? '').toLowerCase())) continue;
    findings.push(
      at(
        chapter.path,
        line,
        col,
        `[${match[1] ?? ''}] renders as bracketed text, not a link: write <${match[1] ?? ''}>`,
      ),
    );
  }
  return findings;
}

function tableFindings(chapter: Chapter, inCode: readonly boolean[]): Finding[] {
  const findings: Finding[] = [];
  const lines = chapter.text.split('\n');
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] ?? '';
    if (inCode[index] === true || !/^\s*[|+]/.test(first)) {
      index++;
      continue;
    }
    const start = index;
    while (index < lines.length && /^\s*[|+]/.test(lines[index] ?? '') && inCode[index] !== true)
      index++;
    const block = lines.slice(start, index);
    if (/^\s*\+-/.test(first)) {
      if (!block.some((line) => /^\s*\+:?=/.test(line))) {
        findings.push(
          at(
            chapter.path,
            start + 1,
            1,
            'Grid table without a +===+ line: pandoc renders it without a header row (its first row becomes a body row)',
          ),
        );
      }
      continue;
    }
    if (block.length < 2 || !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(block[1] ?? ''))
      continue;
    const cellsOf = (line: string): string[] =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|');
    if (cellsOf(first).every((cell) => cell.trim() === '')) {
      findings.push(
        at(
          chapter.path,
          start + 1,
          1,
          'Pipe table with an empty header row: pandoc renders an empty header; give the columns names',
        ),
      );
    }
    block.slice(2).forEach((line, offset) => {
      let col = 1;
      for (const cell of line.split('|')) {
        const marker = /^\s*([-*+]|\d+[.)])\s+\S/.exec(cell);
        if (marker && col > 1) {
          findings.push(
            at(
              chapter.path,
              start + 3 + offset,
              col + cell.indexOf(marker[1] ?? ''),
              `List marker "${marker[1] ?? ''}" inside a pipe-table cell: pandoc prints it as text (pipe-table cells hold no lists); use a grid table or separate rows`,
            ),
          );
        }
        col += cell.length + 1;
      }
    });
  }
  return findings;
}

export const structureCheck: AuditCheck = {
  name: RULE,
  description:
    'Heading levels and numbers, appendix letters, duplicate headings, #id targets, header-less tables, list markers in cells, bracketed URLs.',
  run(chapters) {
    const headings = headingsOf(chapters);
    const anchors = new Set(headings.map((heading) => heading.anchor));
    for (const chapter of chapters) {
      for (const match of chapter.text.matchAll(/\{#([\w:.-]+)/g)) anchors.add(match[1] ?? '');
    }
    const findings = headingFindings(headings);
    for (const chapter of chapters) {
      const { inCode } = scanCode(chapter.text);
      findings.push(...linkFindings(chapter, anchors, inCode), ...tableFindings(chapter, inCode));
    }
    return findings;
  },
};
