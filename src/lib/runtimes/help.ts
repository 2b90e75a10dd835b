/**
 * The --help text and parseArgs options of `npm run runtimes`, kept beside the library it
 * describes.
 */
import { PYTHON_HAZARD_FORKS, PYTHON_HAZARD_REPEATS, RUNTIMES_RESULTS_FILE } from './index';

export const RUNTIMES_HELP = `Usage: npm run runtimes -- [options]

Builds examples/runtimes (make), prepares the module configurations in a temporary folder, runs
atfork-handlers (fork, posix_spawn, vfork, system), and exit-in-child (exit, _exit),
mutex-callbacks (calls, child, held) and slot-event on each configuration, the engine and
Python cases, and the Python fork hazard (python-fork-hazard.py:
Python or native worker threads, child re-initialising or not, pooled over repeat runs), then
writes ${RUNTIMES_RESULTS_FILE}.

Options:
  --format text|json|markdown|github  how to print the facts (default: text); --json = json
  --repeats N     runs per case; every run must show the same facts (default 3)
  --hazard-forks N    forks per run of each Python hazard cell (default ${PYTHON_HAZARD_FORKS})
  --hazard-repeats N  runs per Python hazard cell, pooled (default ${PYTHON_HAZARD_REPEATS})
  --check         compare with the committed file: exit 1 when a fact differs; writes nothing
  --no-write      do not write the results file
  -h, --help      this help

Exit codes: 0 ok; 1 --check found a difference; 2 usage or set-up error (missing module or
package, build error, a case whose runs disagree).
Example: npm run runtimes -- --check
`;

/** The parseArgs options of `npm run runtimes`, as its help text lists them. */
export const RUNTIMES_OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  repeats: { type: 'string' },
  'hazard-forks': { type: 'string' },
  'hazard-repeats': { type: 'string' },
  check: { type: 'boolean', default: false },
  'no-write': { type: 'boolean', default: false },
} as const;
