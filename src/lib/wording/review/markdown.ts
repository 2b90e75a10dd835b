/**
 * The review as a pull-request comment (GitHub Markdown): a summary, the table of obligation
 * changes, the changed sentences per section with word marks, and the lint findings on changed
 * lines. Page text is data: everything but balanced code spans is backslash-escaped, so a
 * sentence can neither break the comment's layout nor smuggle in HTML or mentions.
 */
import type { SectionChange, SentenceChange } from '../diff';
import type { PageReview, ReviewReport } from './report';

/** The hidden line that identifies the review comment, so each push rewrites the same one. */
export const REVIEW_MARKER = '<!-- pkcs11-wording-review -->';

/** GitHub refuses comment bodies over 65,536 characters; leave room for the closing note. */
const MAX_BODY = 60_000;

export interface MarkdownOptions {
  /** `owner/name`: file references become links to the head commit on GitHub. */
  repo?: string;
  /** Default https://github.com */
  serverUrl?: string;
}

/**
 * Escapes, outside balanced code spans, every character that could start Markdown or HTML
 * inline syntax, a table cell, an entity or a mention; line breaks become spaces.
 */
export function escapeInline(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  let out = '';
  let rest = flat;
  while (rest.length > 0) {
    const span = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/.exec(rest);
    const plain = span === null ? rest : rest.slice(0, span.index);
    out += plain.replace(/[\\`*_[\]<>&|~@!#]/g, (char) => `\\${char}`);
    if (span === null) break;
    out += span[0];
    rest = rest.slice(span.index + span[0].length);
  }
  return out;
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** `file:line`, a link to that line at the base or head commit when the repository is known. */
function fileRef(
  report: ReviewReport,
  place: { file: string; line?: number | undefined; side?: 'base' | 'head' },
  options: MarkdownOptions,
): string {
  const { file, line, side = 'head' } = place;
  const label = `\`${file}${line === undefined ? '' : `:${String(line)}`}\`${side === 'base' ? ' (base)' : ''}`;
  if (options.repo === undefined) return label;
  const server = options.serverUrl ?? 'https://github.com';
  const anchor = line === undefined ? '' : `#L${String(line)}`;
  return `[${label}](${server}/${options.repo}/blob/${report[side].commit}/${file.split('/').map(encodeURIComponent).join('/')}${anchor})`;
}

function keywordList(words: readonly string[]): string {
  return words.length === 0 ? '—' : words.map((word) => `\`${word}\``).join(', ');
}

function marked(change: SentenceChange): string {
  if (change.words === undefined) return escapeInline((change.after ?? change.before)?.text ?? '');
  return change.words
    .map((mark) => {
      const text = escapeInline(mark.text);
      if (mark.op === 'delete') return `~~${text}~~`;
      if (mark.op === 'insert') return `**${text}**`;
      return text;
    })
    .join(' ');
}

function sentenceLine(change: SentenceChange): string {
  const where = change.after?.line ?? change.before?.line;
  const at =
    where === undefined
      ? ''
      : ` (line ${String(where)}${change.after === undefined ? ', base' : ''})`;
  const obligation =
    change.keywords.kind === 'unchanged'
      ? ''
      : ` — obligation **${change.keywords.kind}**: ${keywordList(change.keywords.before)} → ${keywordList(change.keywords.after)}`;
  return `- ${change.kind}${at}: ${marked(change)}${obligation}`;
}

function sectionHeading(section: SectionChange): string {
  const before = [
    ...(section.beforeTitle === undefined ? [] : [`“${escapeInline(section.beforeTitle)}”`]),
    ...(section.beforeId === undefined ? [] : [`\`#${section.beforeId}\``]),
  ];
  const was = before.length === 0 ? '' : ` (was ${before.join(' ')})`;
  return `##### ${escapeInline(section.title)} \`#${section.id}\` — ${section.kind}${was}`;
}

function componentLine(change: SectionChange['components'][number]): string {
  const props = (values: Record<string, string> | undefined): string =>
    values === undefined
      ? '—'
      : Object.entries(values)
          .map(
            ([key, value]) =>
              `${key}=${escapeInline(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value))}`,
          )
          .join(' ');
  if (change.kind === 'changed')
    return `- \`${change.name}\` changed: ${props(change.before)} → ${props(change.after)}`;
  return `- \`${change.name}\` ${change.kind}: ${props(change.after ?? change.before)}`;
}

function obligationRows(report: ReviewReport, options: MarkdownOptions): string[] {
  const rows: string[] = [];
  for (const page of report.pages) {
    for (const section of page.sections) {
      for (const change of section.sentences) {
        if (change.keywords.kind === 'unchanged') continue;
        const place =
          change.after === undefined
            ? { file: page.before ?? '', line: change.before?.line, side: 'base' as const }
            : { file: page.after ?? '', line: change.after.line };
        rows.push(
          `| ${fileRef(report, place, options)} | ${escapeInline(section.title)} | **${change.keywords.kind}** | ${keywordList(change.keywords.before)} | ${keywordList(change.keywords.after)} |`,
        );
      }
    }
  }
  return rows;
}

function pageTitle(page: PageReview): string {
  if (page.status === 'renamed')
    return `\`${page.before ?? ''}\` → \`${page.after ?? ''}\` (renamed)`;
  return `\`${page.after ?? page.before ?? ''}\` (${page.status})`;
}

export function renderMarkdown(report: ReviewReport, options: MarkdownOptions = {}): string {
  const { summary } = report;
  const lines = [REVIEW_MARKER, '## Wording review', ''];
  const range = `\`${short(report.base.commit)}\` → \`${short(report.head.commit)}\``;
  if (report.pages.length === 0) {
    lines.push(`${range}: no wording changes in the guide.`);
    return `${lines.join('\n')}\n`;
  }
  const obligations = Object.values(summary.obligations).reduce((a, b) => a + b, 0);
  lines.push(
    `${range}: ${plural(summary.pages, 'page')}, ${plural(summary.sections, 'section')}; sentences ${String(summary.sentences.added)} added, ${String(summary.sentences.removed)} removed, ${String(summary.sentences.changed)} changed; ${plural(obligations, 'obligation')} changed (${String(summary.obligations.strengthened)} strengthened, ${String(summary.obligations.weakened)} weakened, ${String(summary.obligations.added)} added, ${String(summary.obligations.removed)} removed); ${plural(summary.lint, 'lint finding')} on changed lines.`,
    '',
  );
  const rows = obligationRows(report, options);
  if (rows.length > 0) {
    lines.push(
      '### Obligations',
      '',
      '| Where | Section | Change | Before | After |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    );
  }
  const findings = report.pages.flatMap((page) => page.lint);
  if (findings.length > 0) {
    lines.push('### Lint findings on changed lines', '');
    for (const finding of findings) {
      lines.push(
        `- ${fileRef(report, finding, options)} \`${finding.rule}\`: ${escapeInline(finding.message)}`,
      );
    }
    lines.push('');
  }
  lines.push('### Changes by section', '');
  for (const page of report.pages) {
    lines.push(`#### Page ${pageTitle(page)}`, '');
    if (page.sections.length === 0) lines.push('- no wording changed', '');
    for (const section of page.sections) {
      lines.push(sectionHeading(section), '');
      for (const change of section.sentences) lines.push(sentenceLine(change));
      for (const change of section.components) lines.push(componentLine(change));
      if (section.sentences.length === 0 && section.components.length === 0)
        lines.push('- no text changed');
      lines.push('');
    }
  }
  let body = `${lines.join('\n').trimEnd()}\n`;
  if (body.length > MAX_BODY) {
    const cut = body.lastIndexOf('\n', MAX_BODY);
    body = `${body.slice(0, cut)}\n\n… the review is longer than a comment may be; run \`npm run review\` locally for all of it.\n`;
  }
  return body;
}
