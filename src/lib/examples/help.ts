/**
 * The --help text and parseArgs options of `npm run examples`, kept beside the library it
 * describes.
 */
import { DEFAULT_REPEAT, HAZARD_FORKS, LOAD_SHARE_MIN, MODULE_IDS, PATTERNS } from './index';

export const EXAMPLES_HELP = `Usage: npm run examples -- [options]
       npm run examples -- --env <configuration> [--exec '<command>'] [--format text|json]

Builds examples/*.c (make -C examples), prepares the module configurations in a temporary
folder, runs every safe pattern on every configuration (bounded, two configurations at a time),
then the hazard cells (the anti-pattern and its control) one at a time, --repeat times each,
pooled with 95% intervals; then writes examples/results.json and examples/results.md.
A hazard event is a fork whose child hung or crashed, or after which the parent was damaged
(its own sign and verify failed or blocked, a call of its worker threads failed, or it crashed,
which ends the run; a fork counts once). A hazard cell is hazard-observed when every run saw an
event, hazard-intermittent when some did, hazard-not-observed when none did, void when a run's
workers were inside the module at fewer than ${LOAD_SHARE_MIN * 100}% of its forks; fail when the
harness could not judge a run.

Options:
  --format text|json|markdown|github  how to print the results (default: text); --json = json;
                               github adds workflow annotations for failures
  --patterns a,b               only these patterns (${PATTERNS.map((p) => p.id).join(', ')})
  --modules a,b                only these configurations (${MODULE_IDS.join(', ')})
  --hazard-forks N             forks per hazard run (default ${HAZARD_FORKS})
  --repeat K                   runs per hazard cell, pooled (default ${DEFAULT_REPEAT})
  --check                      compare with the committed examples/results.json: exit 1 when a
                               categorical outcome differs (counts and timings may differ)
  --no-write                   do not write the results files (implied by --patterns/--modules)
  --env ID                     set up only configuration ID, print its environment (shell export
                               lines, or JSON with --format json: module, token, variables and
                               the daemons' pids) and keep it until Ctrl-C, or until a daemon
                               dies (then exit 1, naming it); everything is stopped and removed
  --exec '<command>'           with --env: run the command (sh -c) in that environment instead
                               of waiting; exit 0 if it succeeded and no daemon died, else 1
  -h, --help                   this help

As root, the p11-kit-proxy case runs as uid 65534 (setpriv): p11-kit reads no user
configuration for root.
Exit codes: 0 ok; 1 a pattern failed, the hazard was observed nowhere, a process was left
behind, or --check found a difference; 2 usage or set-up error (missing module, build error).
Example: npm run examples -- --modules softhsm2 --patterns atfork-reinit --format markdown
Example: npm run examples -- --env opensc --exec 'npm run probe -- --module "$P11EX_MODULE"
         --token "$P11EX_TOKEN" --pin-env P11EX_PIN'
`;

/** The parseArgs options of `npm run examples`, as its help text lists them. */
export const EXAMPLES_OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  patterns: { type: 'string' },
  modules: { type: 'string' },
  'hazard-forks': { type: 'string' },
  repeat: { type: 'string' },
  check: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
  env: { type: 'string' },
  exec: { type: 'string' },
} as const;
