/**
 * Names only (ARCHITECTURE.md, "Privacy"): no e-mail address may appear anywhere in a record, an inbox
 * proposal or the ignored list, in any string. The one exception is a mail thread's `messageId`:
 * a Message-ID has the shape `<left@right>` by definition (RFC 5322 §3.6.4) and the mail sync needs
 * it to thread messages; the schema holds it to that shape. The detector is src/lib/privacy's.
 */
import { containsEmailAddress } from '../privacy';
import { fieldPath, type Finding } from '../findings';
import { walkScalars } from './positions';
import type { ParsedYaml } from './read-yaml';

function isMessageIdField(path: readonly PropertyKey[]): boolean {
  return path.length === 3 && path[0] === 'threads' && path[2] === 'messageId';
}

export function findEmailAddresses(parsed: ParsedYaml, file: string): Finding[] {
  const findings: Finding[] = [];
  const { lineCounter, text } = parsed;
  const reportedLines = new Set<number>();
  // Where a Message-ID ends on its line: only what follows it there (a comment) is scanned.
  const messageIdEnds = new Map<number, number>();
  walkScalars(parsed.doc, (scalar, path) => {
    if (typeof scalar.value !== 'string') return;
    const [start = 0, end = start] = scalar.range ?? [];
    if (isMessageIdField(path)) {
      messageIdEnds.set(lineCounter.linePos(start).line, end);
      return;
    }
    if (!containsEmailAddress(scalar.value)) return;
    const { line, col } = lineCounter.linePos(start);
    for (let l = line; l <= lineCounter.linePos(end).line; l += 1) reportedLines.add(l);
    findings.push({
      file,
      line,
      col,
      field: fieldPath(path),
      rule: 'email',
      message:
        'an e-mail address is not allowed in errata files: write the person’s name only (and link the archived message)',
    });
  });
  // What the scalars do not cover is comments: every line is scanned once more.
  let offset = 0;
  text.split('\n').forEach((line, index) => {
    const lineNumber = index + 1;
    const messageIdEnd = messageIdEnds.get(lineNumber);
    const rest = messageIdEnd === undefined ? line : text.slice(messageIdEnd, offset + line.length);
    if (!reportedLines.has(lineNumber) && containsEmailAddress(rest)) {
      findings.push({
        file,
        line: lineNumber,
        col: Math.max(0, line.indexOf('#')) + 1,
        rule: 'email',
        message: 'an e-mail address is not allowed, not even in a comment: write the name only',
      });
    }
    offset += line.length + 1;
  });
  return findings;
}
