/**
 * The runtime cases `npm run runtimes` measures: which process-creation calls, exit modes, mutex
 * modes, Python start methods and hooks, on which module configurations, and why some are left out.
 */
import type { ModuleId } from '../examples/catalog';

export const PROCESS_CALLS = ['fork', 'posix_spawn', 'vfork', 'system'] as const;
export const EXIT_MODES = ['exit', '_exit'] as const;
/**
 * The configurations a child's exit is measured on. The p11-kit proxy is left out: it needs the
 * unprivileged user, and its managed-module finalising is read from source on the wrappers page.
 */
export const EXIT_MODULES: readonly ModuleId[] = [
  'softhsm2',
  'softhsm2-reset-on-fork',
  'nss-softokn',
  'p11-kit-remote',
  'reference',
];

/** mutex-callbacks.c: which callbacks the module calls; a child of a single-threaded parent; a
 * child forked while a parent thread holds every mutex the module created. */
export const MUTEX_MODES = ['calls', 'child', 'held'] as const;
/** The child bound of mutex-callbacks and slot-event: short, because their blocked children and
 * waits are certain, not rare; a child past it that is not provably blocked gets a second bound. */
export const SHORT_BOUND_MS = 1_000;

/** multiprocessing start method and what the worker does (see python-start-methods.py). */
export const PYTHON_CASES = [
  ['fork', 'inherited'],
  ['fork', 'fresh'],
  ['forkserver', 'fresh'],
  ['spawn', 'fresh'],
] as const;
/** os.register_at_fork hooks: record a flag only, or load the module inside the hook. */
export const PYTHON_HOOKS = ['flag', 'call'] as const;
/** NSS softoken is left out: PyKCS11 passes no CK_C_INITIALIZE_ARGS, which NSS needs. */
export const PYTHON_MODULES: readonly ModuleId[] = [
  'softhsm2',
  'softhsm2-reset-on-fork',
  'p11-kit-remote',
  'reference',
];
/** Module configurations the engine case runs on (the engine loads pkcs11-spy.so in front). */
export const ENGINE_MODULES: readonly ModuleId[] = ['softhsm2', 'softhsm2-reset-on-fork'];
export const ENGINE_HINT =
  'install the Debian packages libengine-pkcs11-openssl (the engine) and opensc-pkcs11 (pkcs11-spy.so)';

/** Debian's interpreter, not whatever python3 comes first on PATH: the binding is Debian's. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const PYKCS11_HINT =
  'PyKCS11 is missing: install the Debian package python3-pykcs11 (scripts/setup.sh lists it)';
