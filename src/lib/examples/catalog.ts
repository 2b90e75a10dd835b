/**
 * The fork patterns and module configurations the examples run against. Which patterns exist,
 * in which order and under which thread condition is examples/patterns.json, the one list the
 * Makefile builds from too; this file adds how the results describe each pattern.
 */
import PATTERN_LIST from '../../../examples/patterns.json';
import { ConfigurationError } from '../errors';

/** Thread condition at the moment of fork. */
export type ThreadCondition = 'multi' | 'single' | 'hazard' | 'parent';

const THREAD_CONDITIONS: readonly ThreadCondition[] = ['multi', 'single', 'hazard', 'parent'];

export interface Pattern {
  /** Example file stem, e.g. `fork-exec`. */
  id: string;
  title: string;
  condition: ThreadCondition;
  /** One-line statement of the thread condition, as the results show it. */
  conditionText: string;
}

type Description = Pick<Pattern, 'title' | 'conditionText'>;

const DESCRIPTIONS: Readonly<Record<string, Description>> = {
  'fork-exec': {
    title: 'fork then exec, no PKCS#11 in the child',
    conditionText: 'multi-threaded parent; child calls no PKCS#11 function before exec',
  },
  'posix-spawn': {
    title: 'posix_spawn',
    conditionText: 'multi-threaded parent; no code of ours between fork and exec',
  },
  'fork-server': {
    title: 'fork server started before C_Initialize',
    conditionText: 'multi-threaded main process never forks; single-threaded helper forks workers',
  },
  'child-initializes': {
    title: 'long-lived child initialises in ordinary code',
    conditionText: 'single-threaded at fork; child uses PKCS#11',
  },
  'prefork-workers': {
    title: 'workers forked before the parent initialises',
    conditionText: 'single-threaded at fork, before any C_Initialize',
  },
  'lazy-reinit': {
    title: 'wrapper re-initialises lazily on a new pid',
    conditionText: 'single-threaded at fork; child uses PKCS#11 through the wrapper',
  },
  'fork-safe-interface': {
    title: 'CKF_INTERFACE_FORK_SAFE with fallback',
    conditionText: 'single-threaded at fork; child uses PKCS#11',
  },
  'inherited-login': {
    title: 'MEASUREMENT: a child of a logged-in parent signs without the PIN',
    conditionText: 'single-threaded at fork; logged-in parent; child never given the PIN',
  },
  'atfork-reinit': {
    title: 'ANTI-PATTERN: C_Initialize in a pthread_atfork child handler',
    conditionText: 'multi-threaded parent with threads inside the module; child calls PKCS#11',
  },
  'parent-disturbance': {
    title: "a child's C_Finalize (with or without its own C_Initialize) and the parent's session",
    // Not an anti-pattern but a measurement: "hazard" here is a parent disturbed by its child,
    // a deterministic outcome, so its runs are single, not pooled like the anti-pattern's.
    conditionText:
      'single-threaded parent (unless the module runs threads); child calls C_Finalize, parent keeps its session',
  },
};

/** Reads one `name:condition` word of patterns.json; a mistake names the file and the fix. */
function patternOf(word: string): Pattern {
  const [id = '', condition = ''] = word.split(':');
  const description = DESCRIPTIONS[id];
  if (!THREAD_CONDITIONS.includes(condition as ThreadCondition)) {
    throw new ConfigurationError(
      `examples/patterns.json: "${word}" needs a thread condition (${THREAD_CONDITIONS.join(', ')}) after the colon`,
    );
  }
  if (description === undefined) {
    throw new ConfigurationError(
      `examples/patterns.json lists ${id}, but src/lib/examples/catalog.ts has no title for it: add one to DESCRIPTIONS`,
    );
  }
  return { id, ...description, condition: condition as ThreadCondition };
}

function listedPatterns(): Pattern[] {
  const patterns = PATTERN_LIST.map(patternOf);
  const stale = Object.keys(DESCRIPTIONS).filter((id) => !patterns.some((p) => p.id === id));
  if (stale.length > 0) {
    throw new ConfigurationError(
      `src/lib/examples/catalog.ts describes ${stale.join(', ')}, which examples/patterns.json does not list: list it there, or drop its description`,
    );
  }
  return patterns;
}

export const PATTERNS: readonly Pattern[] = listedPatterns();

export const MODULE_IDS = [
  'softhsm2',
  'softhsm2-reset-on-fork',
  'nss-softokn',
  'p11-kit-remote',
  'p11-kit-proxy',
  'reference',
  // Wave 2: modules behind daemons, as hardware users run them (device-stacks.ts).
  'opensc',
  'tpm2',
] as const;

export type ModuleId = (typeof MODULE_IDS)[number];

/**
 * The configurations `npm run examples` runs by default. `opensc` and `tpm2` are provisioned,
 * probed and selectable with `--modules`, and every safe pattern that applies passes on them,
 * but they are not part of the default matrix (examples/README.md has the measurements): both
 * modules run threads of their own (OpenSC's from the moment it is loaded, tpm2-pkcs11's from
 * C_Initialize), so the four single-threaded patterns whose child uses the module are not
 * applicable there, where a column may have one. (In the anti-pattern's runs their children,
 * calling the module on the parent's inherited daemon connection, break the parent: its next
 * sign fails, or it crashes. That is counted as the hazard now, no longer as a failed run.)
 */
export const MATRIX_MODULE_IDS: readonly ModuleId[] = MODULE_IDS.filter(
  (id) => id !== 'opensc' && id !== 'tpm2',
);

export function isModuleId(value: string): value is ModuleId {
  return (MODULE_IDS as readonly string[]).includes(value);
}

export function findPattern(id: string): Pattern | undefined {
  return PATTERNS.find((p) => p.id === id);
}
