/**
 * The --help text of `npm run probe`: the probe run and its commands (validate, schema,
 * project-reports). Kept beside the library it describes.
 */
export const PROBE_HELP = `Usage: npm run probe -- --module <path to .so> [options]
       npm run probe -- validate [file.json …]
       npm run probe -- project-reports
       npm run probe -- schema [--check]

Runs the fork-behaviour probe (examples/probe, built with make if needed) against one PKCS #11
module: what a child sees after fork() with and without C_Initialize, whether anything a child
does reaches its parent, the fork-safe interface, the atfork anti-pattern under threads, and the
cost of C_Initialize in a child; then judges the module-side recommendations R-MOD-*.

Options:
  --module <path>     the module (shared library); required
  --init-args <s>     string for CK_C_INITIALIZE_ARGS.pReserved (NSS softoken's configuration)
  --token <label>     the token to use (default: the first slot with a token)
  --pin-env <VAR>     read the user PIN from environment variable VAR
  --pin-stdin         read the user PIN from the first line of standard input
                      (the PIN is never an argument: npm echoes arguments and ps shows them)
  --forks <n>         children per atfork variant (default 20)
  --threads <n>       busy threads in the parent (default 2)
  --bound-ms <ms>     how long a child may run before it is examined for a hang (default 5000)
  --no-finalize       skip the scenarios in which a child calls C_Finalize (they can disturb a
                      live card reader or daemon shared with other processes)
  --format <f>        text (default), json (the probe's report), or markdown
  --output <file>     also write the JSON report to this file

The probe logs in once and stops before forking if that fails; it creates session objects only.
validate         checks probe reports against the schema (default: examples/probe/reports/)
schema           writes static/schemas/probe-report.schema.json from the schema (--check: exit 1
                 when the committed file is out of date)
project-reports  regenerates examples/probe/reports/project/ from every module configuration
                 of the examples matrix (needs the Debian packages of npm run setup)
Exit status: 0 no recommendation failed; 1 failures; 2 usage or set-up error (module not
loadable, token not found, login refused).
`;
