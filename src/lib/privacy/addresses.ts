/**
 * Names only (ARCHITECTURE.md, "Privacy"): the one e-mail address detector of the project. The
 * errata validator asks whether a text holds an address; the syncs strip addresses before text
 * reaches a record.
 *
 * Loose on purpose: a false alarm costs an edit or a word, a missed address a privacy breach.
 * The scan starts at each `@` and looks at its neighbours, so its time is linear in the text: a
 * single regular expression over the whole string (`[local]+@domain`) backtracks quadratically on
 * a long run of letters without an `@` (40,000 letters took 10 s).
 */

const LOCAL_PART_CHAR = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
/** After the `@`: a host name with at least one dot. Sticky, tried only right after an `@`. */
const DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/y;
/** Archives that hide addresses print them as `name@xxxxxxxxxxx` (OASIS does). */
const MASKED_DOMAIN = /x{3,}[.x]*/iy;

export const ADDRESS_PLACEHOLDER = '[address removed]';

interface Span {
  start: number;
  end: number;
}

/**
 * The addresses in `text`, left to right, each as long as it can be (what a global regular
 * expression would replace): the local part reaches back over its characters, never into the
 * address before it; `domain` must match right after the `@`.
 */
function* addressSpans(text: string, domain: RegExp, localPartRequired: boolean): Generator<Span> {
  let floor = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && LOCAL_PART_CHAR.test(text[start - 1] ?? '')) start -= 1;
    if (localPartRequired && start === at) continue;
    domain.lastIndex = at + 1;
    if (!domain.test(text)) continue;
    floor = domain.lastIndex;
    yield { start, end: floor };
  }
}

function replaceSpans(text: string, spans: Iterable<Span>): string {
  let out = '';
  let from = 0;
  for (const { start, end } of spans) {
    out += text.slice(from, start) + ADDRESS_PLACEHOLDER;
    from = end;
  }
  return out + text.slice(from);
}

/** Whether the text holds something that looks like an e-mail address. */
export function containsEmailAddress(text: string): boolean {
  return !addressSpans(text, DOMAIN, true).next().done;
}

/** The text with every e-mail address, and every masked one (`name@xxxx`), replaced. */
export function withoutAddresses(text: string): string {
  const unmasked = replaceSpans(text, addressSpans(text, DOMAIN, true));
  return replaceSpans(unmasked, addressSpans(unmasked, MASKED_DOMAIN, false));
}
