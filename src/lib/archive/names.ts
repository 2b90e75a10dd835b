/**
 * Names only (ARCHITECTURE.md, "Privacy"): the archive hides senders' addresses on purpose, so the sync
 * keeps the display name of a From header and drops the address, and scrubs any address that
 * appears in a subject or a quoted header before it can reach a record.
 */
import { decodeEncodedWords, repairRawUtf8 } from './encoded-words';

// Loose like the errata validator's check: a false removal costs a word, a kept address a breach.
const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// Archives that hide addresses print them as `name@xxxxxxxxxxx` (OASIS does); drop those too.
const MASKED_ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@x{3,}[.x]*/gi;

export const ADDRESS_PLACEHOLDER = '[address removed]';

/** The text with every e-mail address replaced by a placeholder. */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, ADDRESS_PLACEHOLDER).replace(MASKED_ADDRESS, ADDRESS_PLACEHOLDER);
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return trimmed;
}

/**
 * The display name of a From value (`Name <addr>`, `"Last, First" <addr>`, `addr (Name)`), decoded
 * and without any address; undefined when the header holds an address only.
 */
export function senderName(from: string): string | undefined {
  const decoded = repairRawUtf8(decodeEncodedWords(from)).replace(/\s+/g, ' ').trim();
  let name: string;
  const angle = /^(.*?)\s*<[^<>]*>\s*$/.exec(decoded);
  const comment = /^[^\s()]+@[^\s()]+\s*\((.*)\)\s*$/.exec(decoded);
  if (angle !== null) name = angle[1] ?? '';
  else if (comment !== null) name = comment[1] ?? '';
  else name = decoded;
  name = withoutAddresses(unquote(name))
    .replace(new RegExp(`\\s*${ADDRESS_PLACEHOLDER.replace(/[[\]]/g, '\\$&')}\\s*`, 'g'), ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return name === '' ? undefined : name;
}
