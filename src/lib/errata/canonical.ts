/**
 * Stable key order: every object is written with its keys in the order its schema declares them,
 * whatever order the input had, so a record's YAML (and its diff) depends only on its content.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType !== undefined && ['optional', 'nullable', 'default'].includes(def.type))
      current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else return current;
  }
}

/** `value` with object keys reordered as `schema` declares them (unknown keys last, as found). */
export function canonicalOrder(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(unwrap(schema));
  if (def.type === 'union' && def.options !== undefined) {
    const match = def.options.find((option) => option.safeParse(value).success);
    return match === undefined ? value : canonicalOrder(match, value);
  }
  if (def.type === 'array' && def.element !== undefined && Array.isArray(value)) {
    const element = def.element;
    return value.map((item: unknown) => canonicalOrder(element, item));
  }
  if (def.type === 'object' && def.shape !== undefined && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, fieldSchema] of Object.entries(def.shape)) {
      if (value[key] !== undefined) out[key] = canonicalOrder(fieldSchema, value[key]);
    }
    for (const [key, item] of Object.entries(value)) if (!(key in out)) out[key] = item;
    return out;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
