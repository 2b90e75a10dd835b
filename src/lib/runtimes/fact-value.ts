/** One measured fact of a runtime case: a count, a flag, or a short text. */
export type FactValue = string | number | boolean;
