/**
 * The recommendation registry (docs/guide/recommendations.yaml): every recommendation of the
 * revised §2.5.2 once, with its audience, its statement, the examples that demonstrate it, and
 * machine-readable claims about how real modules behave, each checked against
 * examples/results.json. The guide's pages render from it; the traceability check and the
 * probe read it.
 */
import * as z from 'zod';

import { MODULE_IDS, OUTCOMES } from '../examples/index';

export const AUDIENCES = ['app', 'module', 'wrapper'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<Audience, string> = {
  app: 'Applications',
  module: 'Module implementers',
  wrapper: 'Wrapper libraries and language runtimes',
};

const VARIANTS = ['stress', 'plain', 'asan', 'reinit', 'control'] as const;

/** What a claim expects of the matching result: an outcome, a return code, or a note. */
const expectation = z
  .strictObject({
    outcome: z.enum(OUTCOMES).optional(),
    /** Every recorded occurrence of `call` returned `rv` (and there was at least one). */
    returns: z
      .strictObject({ call: z.string().min(1), rv: z.string().regex(/^CKR_[A-Z_]+$/) })
      .optional(),
    /** The result's note matches this regular expression. */
    note: z.string().min(1).optional(),
  })
  .refine((e) => [e.outcome, e.returns, e.note].filter((x) => x !== undefined).length === 1, {
    error: 'expect exactly one of outcome, returns, note',
  });

export const matrixClaimSchema = z.strictObject({
  /** Stable, kebab-case; pages cite it with <Claim id="…" />. */
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a claim id is kebab-case, e.g. softhsm2-child-keeps-login'),
  /** The sentence a page shows: a fact about one module configuration, in plain words. */
  text: z.string().min(10),
  pattern: z.string().min(1),
  variant: z.enum(VARIANTS),
  module: z.enum(MODULE_IDS),
  expect: expectation,
});

/**
 * A claim about a categorical fact of examples/runtimes/results.json (process-creation calls, a
 * child's exit, wrappers and runtimes): every listed fact of the case on the module has exactly
 * the given value.
 */
export const runtimeClaimSchema = z.strictObject({
  id: matrixClaimSchema.shape.id,
  text: z.string().min(10),
  /** A case of examples/runtimes/results.json, e.g. `exit-in-child/_exit`. */
  runtime: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9_-]+$/, 'a runtime case looks like exit-in-child/_exit'),
  /** The module configuration it ran on, or `none` for a case that loads no module. */
  module: z.enum([...MODULE_IDS, 'none']),
  expect: z.strictObject({
    facts: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .refine((f) => Object.keys(f).length > 0, { error: 'list at least one fact' }),
    /** Hazard cases only: the pooled outcome, which must be one every run showed. */
    outcome: z.enum(OUTCOMES).optional(),
  }),
});

export const claimSchema = z.union([matrixClaimSchema, runtimeClaimSchema]);

export const recommendationSchema = z.strictObject({
  id: z
    .string()
    .regex(/^R-[A-Z0-9]+(-[A-Z0-9]+)+$/, 'a recommendation id looks like R-APP-CHILD-EXEC'),
  audience: z.enum(AUDIENCES),
  /** A short name for lists and the decision chart. */
  title: z.string().min(5).max(90),
  /** What to do, in the Usage Guide's register (no upper-case BCP 14 keywords). */
  statement: z.string().min(20),
  /** Why, briefly, with the fact or rule it rests on. */
  reason: z.string().min(20),
  /** Example files that demonstrate it: pattern ids or paths below examples/ without `.c`. */
  examples: z.array(z.string().regex(/^(?:[a-z0-9-]+\/){0,2}[a-z0-9-]+$/)).min(1),
  /** PKCS#11 versions whose identifiers it uses, e.g. ['3.0'] for CKF_INTERFACE_FORK_SAFE. */
  since: z.enum(['2.40', '3.0']).default('2.40'),
  claims: z.array(claimSchema).default([]),
});

export const registrySchema = z.strictObject({
  recommendations: z.array(recommendationSchema).min(1),
});

export type Claim = z.output<typeof claimSchema>;
export type MatrixClaim = z.output<typeof matrixClaimSchema>;
export type RuntimeClaim = z.output<typeof runtimeClaimSchema>;
export type Recommendation = z.output<typeof recommendationSchema>;
export type Registry = z.output<typeof registrySchema>;
