/**
 * Subjects pile up prefixes as a thread travels: `Re:`, `RE:`, `AW:` (German), `SV:` (Nordic),
 * `FW:`, `Fwd:`, `WG:`, counted forms (`Re[2]:`), and list tags (`[pkcs11]`, `[pkcs11-comment]`).
 * The normalised subject drops them all, wherever they pile up at the start, and folds white space,
 * so a reply, a forward and the original compare equal.
 */

const PREFIX =
  /^(?:(?:re|aw|sv|antw|vs|fw|fwd|wg|tr|rv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]*\])\s*/i;
const SUFFIX = /\s*\((?:fwd|fw)\)\s*$/i;

export function normaliseSubject(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = rest.replace(PREFIX, '').replace(SUFFIX, '');
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

/** True when the subject says the message is a forward (`FW:`, `Fwd:`, `WG:`, `TR:`). */
export function isForwardSubject(subject: string): boolean {
  return /(^|[\]\s:])(?:fw|fwd|wg|tr)\s*:/i.test(subject) || /\((?:fwd|fw)\)\s*$/i.test(subject);
}
