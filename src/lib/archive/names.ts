/**
 * Names only (ARCHITECTURE.md, "Privacy"): the archive hides senders' addresses on purpose, so the sync
 * keeps the display name of a From header and drops the address. Subjects and quoted headers are
 * scrubbed with the shared stripping of src/lib/privacy.
 */
import { ADDRESS_PLACEHOLDER, withoutAddresses } from '../privacy';
import { decodeEncodedWords, repairRawUtf8 } from './encoded-words';

/** The placeholder withoutAddresses leaves, with the space around it. */
const PLACEHOLDER = new RegExp(`\\s*${ADDRESS_PLACEHOLDER.replace(/[[\]]/g, '\\$&')}\\s*`, 'g');

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
    .replace(PLACEHOLDER, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return name === '' ? undefined : name;
}
