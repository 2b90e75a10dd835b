/** The command line of `npm run guide -- audit`: the options parseArgs reads. */
export const AUDIT_OPTIONS = {
  source: { type: 'string' },
  commit: { type: 'string' },
  'shown-as': { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
  propose: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  document: { type: 'string' },
  date: { type: 'string' },
} as const;
