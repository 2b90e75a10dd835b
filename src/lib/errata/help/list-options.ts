/** The command line of `npm run errata -- list`: the options parseArgs reads. */
export const LIST_OPTIONS = {
  status: { type: 'string' },
  type: { type: 'string' },
  document: { type: 'string' },
  section: { type: 'string' },
  sort: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;
