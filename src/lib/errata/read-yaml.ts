/**
 * Reads one YAML file defensively: records are small, written by people and by syncs, and a CI run
 * must survive anything a pull request puts in errata/. Each failure becomes one finding with a
 * place, and nothing is parsed further: an oversized file is not read, bytes that are not UTF-8
 * are not decoded, and aliases (`*a`) are refused before anything is expanded (a "billion laughs"
 * document is tiny on disk and enormous in memory).
 */
import { open } from 'node:fs/promises';
import {
  isAlias,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import { fieldPath, type Finding } from '../findings';

/** A record is a few kilobytes; 256 KiB leaves room for long threads lists and stops abuse. */
export const MAX_FILE_BYTES = 256 * 1024;

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  text: string;
}

export type ReadResult = { ok: true; parsed: ParsedYaml } | { ok: false; findings: Finding[] };

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineColOfByte(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const col = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1;
  return { line, col };
}

async function readBounded(
  path: string,
  file: string,
  maxBytes: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; finding: Finding }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      finding: { file, rule: 'read', message: `cannot read the file (${code})` },
    };
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      return {
        ok: false,
        finding: {
          file,
          rule: 'file-too-large',
          message: `the file has ${size} bytes; ${maxBytes === MAX_FILE_BYTES ? 'a record' : 'this file'} may have at most ${maxBytes} (${Math.round(maxBytes / 1024)} KiB)`,
        },
      };
    }
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return { ok: true, bytes: bytes.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

/** Records nest four levels deep; anything near these limits is not a record. */
export const MAX_FLOW_DEPTH = 64;
export const MAX_INDENT = 120;

/**
 * The first place where the text nests deeper than the limits, found without parsing. The parser
 * recurses per level, and at the edge of the stack V8 can abort the whole process (a fatal
 * "RegExpCompiler Allocation failed") instead of throwing, so depth is refused before parsing.
 * Every bracket counts, quoted or not: telling quotes apart would need the parser, and no real
 * record has 64 unclosed brackets in its text.
 */
export function excessiveNesting(text: string): { line: number; col: number } | undefined {
  let depth = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const indent = /^[ ?-]*/.exec(line)?.[0].length ?? 0;
    if (indent > MAX_INDENT) return { line: index + 1, col: indent + 1 };
    for (let col = 0; col < line.length; col += 1) {
      const char = line[col];
      if (char === '[' || char === '{') {
        depth += 1;
        if (depth > MAX_FLOW_DEPTH) return { line: index + 1, col: col + 1 };
      } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Parses YAML text; `file` names it in findings. */
export function parseYamlText(text: string, file: string): ReadResult {
  const deep = excessiveNesting(text);
  if (deep !== undefined) {
    return {
      ok: false,
      findings: [
        {
          file,
          ...deep,
          rule: 'yaml-nesting',
          message: `the YAML nests deeper than a record can (more than ${MAX_FLOW_DEPTH} brackets or ${MAX_INDENT} columns of indentation)`,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: true,
      // A record is data: no custom tags, YAML 1.2 core schema (dates stay text).
      schema: 'core',
      version: '1.2',
    });
  } catch (error) {
    // The parser recurses on nesting; a pathological document can exhaust the stack.
    const message = error instanceof RangeError ? 'the YAML is nested too deeply' : String(error);
    return { ok: false, findings: [{ file, rule: 'yaml-syntax', message }] };
  }
  const findings: Finding[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const at = error.linePos?.[0];
    const message =
      error.code === 'DUPLICATE_KEY'
        ? `duplicate key ${JSON.stringify(/^[^\s:]+/.exec(text.slice(error.pos[0]))?.[0] ?? '')}: each field may appear once`
        : /call stack/i.test(error.message)
          ? 'the YAML is nested too deeply'
          : (error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ??
            error.code);
    findings.push({
      file,
      ...(at === undefined ? {} : { line: at.line, col: at.col }),
      rule: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      message,
    });
  }
  if (findings.length === 0) {
    visit(doc, (_key, node, ancestors) => {
      if (isAlias(node) || (isNode(node) && node.anchor !== undefined)) {
        const at = lineCounter.linePos(node.range?.[0] ?? 0);
        const field = fieldOfNode([...ancestors, node]);
        findings.push({
          file,
          line: at.line,
          col: at.col,
          ...(field === '' ? {} : { field }),
          rule: 'yaml-alias',
          message: isAlias(node)
            ? `alias *${node.source} is not allowed: write the value out in full`
            : `anchor &${node.anchor ?? ''} is not allowed: records use no anchors or aliases`,
        });
        return visit.BREAK;
      }
      return undefined;
    });
  }
  if (findings.length > 0) return { ok: false, findings };
  return { ok: true, parsed: { doc, lineCounter, text } };
}

/** The dotted field of a node from its ancestors (`threads[0].subject`), '' at the top. */
function fieldOfNode(chain: readonly unknown[]): string {
  const parts: (string | number)[] = [];
  chain.forEach((item, i) => {
    if (isPair(item)) {
      parts.push(isScalar(item.key) ? String(item.key.value) : String(item.key));
    } else if (isSeq(item)) {
      const index = item.items.indexOf(chain[i + 1]);
      if (index >= 0) parts.push(index);
    }
  });
  return fieldPath(parts);
}

/** At most this many invalid byte ranges are listed; the rest are counted. */
export const MAX_LISTED_RANGES = 20;

/** Every run of bytes that is not well-formed UTF-8, as [start, end) offsets. */
export function invalidUtf8Ranges(bytes: Uint8Array): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  for (;;) {
    const found = firstInvalidUtf8(bytes.subarray(offset));
    if (found < 0) return ranges;
    const at = offset + found;
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === at) last[1] = at + 1;
    else ranges.push([at, at + 1]);
    offset = at + 1;
  }
}

function describeRange(bytes: Uint8Array, [start, end]: [number, number]): string {
  const hex = [...bytes.subarray(start, end)].map((b) => `0x${b.toString(16).padStart(2, '0')}`);
  const at = lineColOfByte(bytes, start);
  const where = end - start === 1 ? `offset ${start}` : `offsets ${start}-${end - 1}`;
  return `${hex.join(' ')} at ${where} (${at.line}:${at.col})`;
}

/** Reads and parses one file: size limit, strict UTF-8, YAML syntax, no aliases. */
export async function readYamlFile(
  path: string,
  file: string = path,
  maxBytes: number = MAX_FILE_BYTES,
): Promise<ReadResult> {
  const read = await readTextFile(path, file, maxBytes);
  return read.ok ? parseYamlText(read.text, file) : read;
}

/** A file's text, read as readYamlFile reads it (at most `maxBytes`, UTF-8 only), not parsed. */
export async function readTextFile(
  path: string,
  file: string,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; findings: Finding[] }> {
  const read = await readBounded(path, file, maxBytes);
  if (!read.ok) return { ok: false, findings: [read.finding] };
  const ranges = invalidUtf8Ranges(read.bytes);
  const first = ranges[0];
  if (first !== undefined) {
    const listed = ranges
      .slice(0, MAX_LISTED_RANGES)
      .map((range) => describeRange(read.bytes, range));
    const more = ranges.length - listed.length;
    return {
      ok: false,
      findings: [
        {
          file,
          ...lineColOfByte(read.bytes, first[0]),
          rule: 'encoding',
          message: `${ranges.length === 1 ? 'bytes that are' : `${ranges.length} runs of bytes that are`} not valid UTF-8: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}. Save the file as UTF-8`,
        },
      ],
    };
  }
  return { ok: true, text: read.bytes.toString('utf8') };
}
