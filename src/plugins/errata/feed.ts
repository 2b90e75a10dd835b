/**
 * `/errata.json`: every published erratum, for other sites and tools. The format is versioned;
 * a breaking change bumps `version`. Human-owned fields and the threads appear as in the records
 * (Markdown text stays Markdown; consumers render it as untrusted text).
 */
import { lastActivity, type Erratum } from '../../lib/errata';

/** Version of the feed's format. */
export const ERRATA_FEED_VERSION = 1;

export interface ErrataFeed {
  version: typeof ERRATA_FEED_VERSION;
  /** Where the format is described. */
  schema: string;
  errata: (Erratum & { url: string; lastActivity: string })[];
}

export interface FeedOptions {
  /** Absolute URL of the record schema the feed's entries follow. */
  schemaUrl: string;
  permalink: (id: string) => string;
}

export function buildErrataFeed(records: readonly Erratum[], options: FeedOptions): ErrataFeed {
  return {
    version: ERRATA_FEED_VERSION,
    schema: options.schemaUrl,
    errata: records.map((record) => ({
      ...record,
      url: options.permalink(record.id),
      lastActivity: lastActivity(record),
    })),
  };
}
