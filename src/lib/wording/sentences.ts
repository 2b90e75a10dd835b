/**
 * Splits prose into sentences for the wording review. Rules are deliberately simple and tuned to
 * technical prose: a sentence ends at `.`, `!` or `?` (plus closing quotes or brackets) followed by
 * whitespace and something that is not lower case; known abbreviations never end one; nothing
 * inside inline code ends one; a list item or a blank line always starts a new one.
 */

export interface Sentence {
  text: string;
  /** normalised for comparison: whitespace collapsed, soft line breaks ignored */
  key: string;
  /** 1-based line of the sentence's first character. */
  line: number;
}

/** Abbreviations that end with a full stop but do not end a sentence, compared in lower case. */
const ABBREVIATIONS = new Set([
  'e.g.',
  'i.e.',
  'cf.',
  'vs.',
  'viz.',
  'approx.',
  'incl.',
  'fig.',
  'no.',
  'sec.',
  'ch.',
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'st.',
]);

const CLOSERS = new Set([')', ']', '"', "'", '”', '’', '*', '_']);
const OPENERS = /^[([{"'“‘*_]+/;
// A list item at the start of a line: `- `, `* `, `+ `, `1. `, `1) `.
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;

export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Where the code span opening at `index` ends (exclusive), or undefined if it never closes. */
function codeSpanEnd(text: string, index: number): number | undefined {
  const fence = /^`+/.exec(text.slice(index))?.[0] ?? '`';
  const closing = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
  closing.lastIndex = index + fence.length;
  const match = closing.exec(text);
  return match === null ? undefined : match.index + fence.length;
}

function endsWithAbbreviation(text: string, stop: number): boolean {
  const before = text.slice(0, stop + 1);
  const token = (/\S+$/.exec(before)?.[0] ?? '').replace(OPENERS, '').toLowerCase();
  return ABBREVIATIONS.has(token);
}

/** The sentences of `text`, whose first line is line `line` of its file. */
export function splitSentences(text: string, line: number): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;

  const emit = (end: number): void => {
    let slice = text.slice(start, end);
    let offset = start;
    const marker = LIST_ITEM.exec(slice.replace(/^\s*\n/, ''));
    if (marker !== null) {
      const markerAt = slice.length - slice.replace(/^\s*\n/, '').length;
      offset += markerAt + marker[0].length;
      slice = text.slice(offset, end);
    }
    const leading = slice.length - slice.trimStart().length;
    const sentenceText = slice.trim();
    if (sentenceText !== '') {
      const at = offset + leading;
      sentences.push({
        text: sentenceText,
        key: normaliseWhitespace(sentenceText),
        line: line + (text.slice(0, at).match(/\n/g)?.length ?? 0),
      });
    }
    start = end;
  };

  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '`') {
      const end = codeSpanEnd(text, index);
      index = end ?? index + (/^`+/.exec(text.slice(index))?.[0].length ?? 1);
      continue;
    }
    if (char === '\n') {
      const rest = text.slice(index + 1);
      // A blank line or a list item begins a new sentence whatever came before.
      if (/^[ \t]*\n/.test(rest) || LIST_ITEM.test(rest)) emit(index + 1);
      index++;
      continue;
    }
    if (char === '.' || char === '!' || char === '?') {
      let end = index + 1;
      while (end < text.length && CLOSERS.has(text.charAt(end))) end++;
      const following = /^\s+(\S)/.exec(text.slice(end));
      const atEnd = text.slice(end).trim() === '';
      const startsSentence = following?.[1] !== undefined && !/[\p{Ll},;:]/u.test(following[1]);
      if ((atEnd || startsSentence) && !(char === '.' && endsWithAbbreviation(text, index))) {
        emit(end);
        index = end;
        continue;
      }
    }
    index++;
  }
  emit(text.length);
  return sentences;
}
