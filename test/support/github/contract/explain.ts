/**
 * Ajv's errors as sentences a person can act on: where the value is, what was expected, what came.
 * For a failed `anyOf`/`oneOf` only the alternative that came closest is explained, instead of
 * every alternative's complaints (the timeline's event union has 33 of them).
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

import { isObject, type JsonObject } from './openapi';

const MAX_MESSAGES = 5;

function short(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `/labels/0/name` → `labels[0].name`, for request parts. */
export function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) =>
      /^\d+$/.test(part)
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(part)
          ? `.${part}`
          : `[${JSON.stringify(part)}]`,
    )
    .join('');
}

function whatFailed(error: ErrorObject): string {
  const base = error.message ?? error.keyword;
  switch (error.keyword) {
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')} (got ${short(error.data)})`;
    }
    case 'type':
    case 'format':
    case 'const':
    case 'pattern':
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
      return `${base} (got ${short(error.data)})`;
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty?: string }).additionalProperty;
      return `has property ${JSON.stringify(extra)}, which the schema does not allow`;
    }
    default:
      return base;
  }
}

function branchName(branch: unknown, index: number): string {
  if (isObject(branch) && typeof branch.$ref === 'string')
    return branch.$ref.slice(branch.$ref.lastIndexOf('/') + 1);
  if (isObject(branch) && typeof branch.type === 'string') return branch.type;
  return `alternative ${index + 1}`;
}

/** Names where a JSON pointer of a failed value points, e.g. `body.labels[0]`. */
export type Where = (pointer: string) => string;

export function createExplainer(ajv: Ajv): (errors: ErrorObject[], where: Where) => string[] {
  const branchValidators = new WeakMap<object, ValidateFunction>();

  function branchValidator(branch: JsonObject): ValidateFunction {
    let validate = branchValidators.get(branch);
    if (!validate) {
      // Taken from a compiled schema, so already converted to JSON Schema.
      validate = ajv.compile(branch);
      branchValidators.set(branch, validate);
    }
    return validate;
  }

  /** Why a value fails an anyOf/oneOf: the alternative that came closest, explained. */
  function explainAlternatives(error: ErrorObject, where: (pointer: string) => string): string {
    const at = where(error.instancePath);
    const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : [];
    const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
    if (passing)
      return `${at} matches more than one oneOf alternative (${passing
        .map((index) => branchName(branches[index], index))
        .join(', ')})`;
    const tried: { index: number; errors: ErrorObject[]; wrongType: boolean }[] = [];
    for (const [index, branch] of branches.entries()) {
      if (!isObject(branch)) continue;
      const validate = branchValidator(branch);
      if (validate(error.data)) continue;
      const errors = validate.errors ?? [];
      const wrongType = errors.some((item) => item.keyword === 'type' && item.instancePath === '');
      tried.push({ index, errors, wrongType });
    }
    if (tried.length > 0 && tried.every((item) => item.wrongType)) {
      const types = tried.map((item) => branchName(branches[item.index], item.index));
      return `${at} must be ${types.join(' or ')} (got ${short(error.data)})`;
    }
    // An alternative of another type is the farthest; then the one with fewest complaints.
    const [best] = tried
      .filter((item) => !item.wrongType)
      .sort((a, b) => a.errors.length - b.errors.length);
    const head = `${at} matches none of the ${branches.length} ${error.keyword} alternatives`;
    if (!best) return head;
    const inner = explain(
      best.errors.map((item) => ({
        ...item,
        instancePath: error.instancePath + item.instancePath,
      })),
      where,
    );
    return `${head}; closest is ${branchName(branches[best.index], best.index)}: ${inner.join('; ')}`;
  }

  /**
   * Ajv's errors as sentences. For a failed `anyOf`/`oneOf` only the alternative that came
   * closest is explained, instead of every alternative's complaints (the timeline's event union
   * has 33 of them).
   */
  function explain(errors: ErrorObject[], where: (pointer: string) => string): string[] {
    const isUnion = (error: ErrorObject): boolean =>
      error.keyword === 'anyOf' || error.keyword === 'oneOf';
    const unions = errors.filter(isUnion);
    // Errors of an alternative come before the anyOf/oneOf error that sums them up.
    const outer = errors.filter(
      (error, index) =>
        isUnion(error) ||
        !unions.some(
          (union) =>
            errors.indexOf(union) > index &&
            (error.instancePath === union.instancePath ||
              error.instancePath.startsWith(`${union.instancePath}/`)),
        ),
    );
    // A value of the wrong type fails its other keywords too; the type is the news.
    const wrongType = new Set(
      outer.filter((error) => error.keyword === 'type').map((error) => error.instancePath),
    );
    const kept = outer.filter(
      (error) => error.keyword === 'type' || !wrongType.has(error.instancePath),
    );
    // One sentence per object for all its missing properties, where the first was reported.
    const missing = new Map<string, string[]>();
    const lines: (string | { missingAt: string })[] = [];
    for (const error of kept) {
      if (error.keyword === 'required') {
        const property = (error.params as { missingProperty?: string }).missingProperty ?? '?';
        const list = missing.get(error.instancePath);
        if (list) list.push(property);
        else {
          missing.set(error.instancePath, [property]);
          lines.push({ missingAt: error.instancePath });
        }
      } else if (isUnion(error)) {
        lines.push(explainAlternatives(error, where));
      } else {
        lines.push(`${where(error.instancePath)} ${whatFailed(error)}`);
      }
    }
    const messages = lines.map((line) => {
      if (typeof line === 'string') return line;
      const names = missing.get(line.missingAt) ?? [];
      const noun = names.length === 1 ? 'property' : 'properties';
      return `${where(line.missingAt)} lacks required ${noun} ${names.join(', ')}`;
    });
    if (messages.length > MAX_MESSAGES)
      return [...messages.slice(0, MAX_MESSAGES), `… and ${messages.length - MAX_MESSAGES} more`];
    return messages;
  }

  return explain;
}
