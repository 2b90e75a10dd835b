/**
 * Validators for option values, shared by every CLI so that one wrong value reads the same way
 * everywhere: the option, the value given, and what was expected.
 */
import { splitRepository } from '../github/repository';
import { UsageError } from './usage-error';

/** A whole number ≥ 1 (`--runs 3`); `undefined` when the option was not given. */
export function positiveInteger(value: string, option: string): number;
export function positiveInteger(value: string | undefined, option: string): number | undefined;
export function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new UsageError(`${option} ${value}: expected a whole number ≥ 1, e.g. ${option} 3`);
  return number;
}

/** A whole number ≥ 0 (`--seed 0`); `undefined` when the option was not given. */
export function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new UsageError(`${option} ${value}: expected a whole number ≥ 0`);
  return number;
}

/** A finite number > 0 (`--rate 2.5`); `undefined` when the option was not given. */
export function positiveNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`${option} ${value}: expected a positive number`);
  return number;
}

/** One of the values a command offers for an option. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(
      `${option} ${value} is not offered; expected one of: ${allowed.join(', ')}`,
    );
  return value as T;
}

/** A GitHub repository written `owner/name`. */
export function ownerAndName(value: string, option = '--repo'): { owner: string; repo: string } {
  const repository = splitRepository(value);
  if (repository === undefined)
    throw new UsageError(
      `${option} ${value}: expected owner/name, e.g. ${option} oasis-tcs/pkcs11`,
    );
  return repository;
}
