/**
 * The probe report, `pkcs11-fork-probe/1`: what examples/probe prints (documented field by field
 * in examples/probe/README.md), as one schema that the CLI, the tests and the site's report
 * pages all validate against. A contributed report that does not fit is refused with the field
 * named. `npm run probe -- schema` writes the JSON Schema generated from it.
 */
import * as z from 'zod';

export const PROBE_SCHEMA_ID = 'pkcs11-fork-probe/1';

export const SCENARIO_IDS = [
  'child-no-reinit',
  'child-initialize',
  'child-finalize',
  'child-finalize-initialize',
  'fork-safe-interface',
  'atfork-threads',
  'init-cost',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** The module-side recommendations the probe judges, in its order. */
export const PROBED_RECOMMENDATIONS = [
  'R-MOD-CHILD-NOT-INITIALIZED',
  'R-MOD-FRESH-CHILD',
  'R-MOD-LEAVE-PARENT-ALONE',
  'R-MOD-FORK-SAFE-INTERFACE',
  'R-MOD-DETECT-FORK',
] as const;

export const VERDICTS = ['pass', 'warn', 'fail', 'not-applicable', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A return code: its standard name, or the hex value of a code the headers do not name. */
const rvName = z.string().regex(/^(?:CKR_[A-Z0-9_]+|0x[0-9a-f]+)$/i);
const rvValue = z.number().int().nonnegative();
const maybeBool = z.boolean().nullable();
const text = z.string().max(4096);

const callSchema = z.strictObject({
  who: z.enum(['child', 'parent']),
  call: z.string().regex(/^C_\w+(?: \(\w+\))?$/),
  rv: rvName,
  value: rvValue,
  state: z.string().optional(),
  variant: z.enum(['control', 'reinit']).optional(),
});

const parentAfterSchema = z.strictObject({ ok: z.boolean(), detail: text }).nullable();

const childSchema = z
  .strictObject({
    outcome: z.enum(['clean', 'failed', 'crashed', 'hung', 'stuck']),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    inCall: z.string().nullable(),
    blocked: z.string().nullable(),
  })
  .nullable();

const countedIn = z.array(z.strictObject({ call: z.string().nullable(), count: z.number().int() }));

const variantSchema = z.strictObject({
  status: z.enum(['done', 'skipped', 'not-applicable', 'crashed', 'hung', 'error']),
  detail: text,
  threads: z.number().int().nullable(),
  workerOps: z.number().int().nullable(),
  forks: z.number().int().nullable(),
  clean: z.number().int().nullable(),
  failed: z.number().int().nullable(),
  crashed: z.number().int().nullable(),
  hung: z.number().int().nullable(),
  stuck: z.number().int().nullable(),
  returnCodes: z.array(
    z.strictObject({
      who: z.literal('child'),
      call: z.string(),
      rv: rvName,
      value: rvValue,
      count: z.number().int(),
    }),
  ),
  hungIn: countedIn,
  crashedIn: countedIn,
  parentAfter: parentAfterSchema,
});

const measurementSchema = z.strictObject({
  what: z.enum(['fork-exit', 'fork-initialize-exit', 'fork-initialize-finalize-exit']),
  state: z.enum(['ok', 'skipped', 'hung', 'crashed', 'failed']),
  samples: z.number().int(),
  medianUs: z.number().nullable(),
});

/**
 * Observations differ by scenario; every field the README lists is typed, and a scenario whose
 * runner sent nothing has `{}`.
 */
const observationsSchema = z.strictObject({
  keyKind: z.enum(['ec-p256', 'rsa-2048', 'hmac-sha256', 'none']).optional(),
  child: childSchema.optional(),
  inheritsLogin: maybeBool.optional(),
  childSignOk: maybeBool.optional(),
  inheritedSessionValid: maybeBool.optional(),
  newSessionLoggedIn: maybeBool.optional(),
  freshLogin: maybeBool.optional(),
  getInterface: z.boolean().optional(),
  interfaces: z
    .array(z.strictObject({ name: text, version: z.string(), flags: z.array(z.string()) }))
    .optional(),
  forkSafeOffered: maybeBool.optional(),
  forks: z.number().int().optional(),
  threads: z.number().int().optional(),
  variants: z.strictObject({ control: variantSchema, reinit: variantSchema }).optional(),
  measurements: z.array(measurementSchema).optional(),
});

export const scenarioSchema = z.strictObject({
  id: z.enum(SCENARIO_IDS),
  status: z.enum(['done', 'skipped', 'not-applicable', 'crashed', 'hung', 'error']),
  detail: text,
  durationMs: z.number().int().nonnegative(),
  calls: z.array(callSchema),
  observations: observationsSchema,
  parentAfter: parentAfterSchema,
});

export const recommendationVerdictSchema = z.strictObject({
  id: z.enum(PROBED_RECOMMENDATIONS),
  verdict: z.enum(VERDICTS),
  reason: text,
  scenarios: z.array(z.enum(SCENARIO_IDS)),
});

const infoSchema = z
  .strictObject({
    cryptokiVersion: z.string(),
    manufacturerId: text,
    libraryDescription: text,
    libraryVersion: z.string(),
  })
  .nullable();

const tokenSchema = z
  .strictObject({
    slotId: z.number().int().nonnegative(),
    label: text,
    manufacturerId: text,
    model: text,
    flags: z.array(z.string()),
  })
  .nullable();

export const probeReportSchema = z.strictObject({
  schema: z.literal(PROBE_SCHEMA_ID),
  probe: z.strictObject({ version: z.string().regex(/^\d+\.\d+\.\d+$/) }),
  provenance: z.strictObject({
    module: z.strictObject({
      path: text,
      resolvedPath: text.nullable(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
    }),
    info: infoSchema,
    token: tokenSchema,
    os: z.strictObject({ sysname: z.string(), release: z.string(), machine: z.string() }),
    libc: z.string().nullable(),
    date: z.iso.datetime(),
    options: z.strictObject({
      forks: z.number().int(),
      threads: z.number().int(),
      boundMs: z.number().int(),
      finalize: z.boolean(),
      initArgs: z.boolean(),
    }),
  }),
  scenarios: z.array(scenarioSchema),
  recommendations: z.array(recommendationVerdictSchema),
  summary: z.strictObject({
    pass: z.number().int(),
    warn: z.number().int(),
    fail: z.number().int(),
    notApplicable: z.number().int(),
    unknown: z.number().int(),
  }),
  error: z
    .strictObject({
      stage: z.enum([
        'usage',
        'pin',
        'load',
        'initialize',
        'token',
        'login',
        'scenario-setup',
        'interrupted',
      ]),
      message: text,
      rv: rvName.nullable(),
      value: rvValue.nullable(),
    })
    .nullable(),
});

export type ProbeReport = z.output<typeof probeReportSchema>;
export type ProbeScenario = z.output<typeof scenarioSchema>;
export type RecommendationVerdict = z.output<typeof recommendationVerdictSchema>;

/** Parses a report; the error names each field that does not fit. */
export function parseProbeReport(
  value: unknown,
  source = 'probe report',
): { report?: ProbeReport; problems: string[] } {
  const result = probeReportSchema.safeParse(value);
  if (result.success) return { report: result.data, problems: [] };
  return {
    problems: result.error.issues.map(
      (issue) => `${source}: ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`,
    ),
  };
}
