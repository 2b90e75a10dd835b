/** The command line of `npm run probe`: the options parseArgs reads. */
export const PROBE_OPTIONS = {
  module: { type: 'string' },
  'init-args': { type: 'string' },
  token: { type: 'string' },
  'pin-env': { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  forks: { type: 'string' },
  threads: { type: 'string' },
  'bound-ms': { type: 'string' },
  'no-finalize': { type: 'boolean' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  output: { type: 'string' },
} as const;
