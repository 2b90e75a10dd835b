/** The command line of `npm run errata -- sync-mail`: the options parseArgs reads. */
export const SYNC_MAIL_OPTIONS = {
  archive: { type: 'string' },
  list: { type: 'string', multiple: true },
  since: { type: 'string' },
  'dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  checkpoint: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;
