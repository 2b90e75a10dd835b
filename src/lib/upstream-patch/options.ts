/** The command line of `npm run guide -- upstream-patch`: the options parseArgs reads. */
export const UPSTREAM_PATCH_OPTIONS = {
  source: { type: 'string' },
  document: { type: 'string' },
  'path-prefix': { type: 'string' },
  date: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  'open-pr': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;
