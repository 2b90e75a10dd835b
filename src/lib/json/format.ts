/**
 * JSON written the way Prettier lays it out, so `prettier --check` accepts a generated file as
 * written and a regenerated file differs only where the content does.
 */
import { isJsonObject, type Json } from './types';

/** Prettier's default print width. */
const PRINT_WIDTH = 100;

/** One-line form of a value, or undefined when Prettier keeps it expanded (non-empty objects). */
function oneLine(value: Json): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map(oneLine);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (isJsonObject(value)) return Object.keys(value).length === 0 ? '{}' : undefined;
  return JSON.stringify(value);
}

/** Where a value is printed: its indent, the column it starts at, and the comma after it. */
interface Place {
  indent: number;
  column: number;
  trailer: number;
}

function formatObject(value: { [key: string]: Json }, { indent }: Place): string {
  // A key whose value is undefined is left out, as JSON.stringify leaves it out.
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  if (keys.length === 0) return '{}';
  const pad = ' '.repeat(indent + 2);
  const lines = keys.map((key, index) => {
    const prefix = `${JSON.stringify(key)}: `;
    const trailer = index < keys.length - 1 ? 1 : 0;
    const column = indent + 2 + prefix.length;
    return `${pad}${prefix}${formatValue(value[key] ?? null, { indent: indent + 2, column, trailer })}`;
  });
  return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
}

/** Prettier fills lines with numbers instead of putting one number on each line. */
function formatNumberRows(value: number[], indent: number): string {
  const pad = ' '.repeat(indent + 2);
  const rows: string[] = [];
  let row = '';
  for (const [index, item] of value.entries()) {
    const text = `${item}${index < value.length - 1 ? ',' : ''}`;
    if (row !== '' && indent + 2 + row.length + 1 + text.length > PRINT_WIDTH) {
      rows.push(row);
      row = text;
    } else row = row === '' ? text : `${row} ${text}`;
  }
  rows.push(row);
  return `[\n${rows.map((line) => pad + line).join('\n')}\n${' '.repeat(indent)}]`;
}

function formatArray(value: Json[], { indent, column, trailer }: Place): string {
  if (value.length === 0) return '[]';
  const flat = oneLine(value);
  if (flat !== undefined && column + flat.length + trailer <= PRINT_WIDTH) return flat;
  if (value.length > 1 && value.every((item) => typeof item === 'number'))
    return formatNumberRows(value, indent);
  const pad = ' '.repeat(indent + 2);
  const lines = value.map((item, index) => {
    const place = {
      indent: indent + 2,
      column: indent + 2,
      trailer: index < value.length - 1 ? 1 : 0,
    };
    return pad + formatValue(item, place);
  });
  return `[\n${lines.join(',\n')}\n${' '.repeat(indent)}]`;
}

function formatValue(value: Json, place: Place): string {
  if (isJsonObject(value)) return formatObject(value, place);
  if (Array.isArray(value)) return formatArray(value, place);
  return JSON.stringify(value);
}

/**
 * `value` as Prettier prints JSON: objects expanded (Prettier keeps an object expanded when it is
 * written so), arrays on one line when they fit the print width, otherwise one element per line.
 * No final newline.
 */
export function formatJson(value: Json): string {
  return formatValue(value, { indent: 0, column: 0, trailer: 0 });
}
