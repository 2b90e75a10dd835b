/**
 * The archive's data model. A message is keyed by its Message-ID (as MHonArc records it, without
 * angle brackets); a message posted to both lists has one page in each list's archive, so it is
 * one `ArchivedMessage` with two `pages`.
 */

/** Where a message page lives: `<root>/<list>/<month>/msg<number>.html`. */
export interface PageLocation {
  list: string;
  /** `YYYYMM` */
  month: string;
  number: number;
  url: string;
}

export type BlockKind = 'new' | 'quoted' | 'forwarded';

/** A run of body lines: text the sender wrote, text quoted from earlier mail, or a forward. */
export interface BodyBlock {
  kind: BlockKind;
  text: string;
}

/** The header block a forward quotes (Outlook's `From: / Sent: / To: / Subject:` lines). */
export interface QuotedHeader {
  /** The sender's name; for `X On Behalf Of Name` the name after "On Behalf Of". */
  from?: string;
  /** The `Sent:` or `Date:` value as written. */
  sent?: string;
  /** The calendar day of `sent`, `YYYY-MM-DD`, when it could be read. */
  sentDay?: string;
  subject?: string;
}

export interface Attachment {
  name: string;
  url: string;
  description?: string;
}

/** One message page as read: what the page says, before deduplication across lists. */
export interface MessagePage {
  location: PageLocation;
  /** Where the fields came from: MHonArc's comments, or the visible page when they are absent. */
  source: 'comments' | 'visible';
  messageId: string;
  /** MHonArc made the id up (`…@NO-ID-FOUND.mhonarc.org`) or the page had none (then `page:<url>`). */
  syntheticId: boolean;
  subject: string;
  /** The sender's name, never an address; undefined when the From header gave no name. */
  from?: string;
  /** ISO 8601 UTC date-time; undefined when the date could not be read. */
  date?: string;
  /** Message-IDs this message refers to (References and In-Reply-To), oldest first. */
  references: string[];
  contentType?: string;
  body: BodyBlock[];
  forwardedHeader?: QuotedHeader;
  attachments: Attachment[];
  /** Pages this one links as follow-ups and references (MHonArc's per-month thread hints). */
  followUpUrls: string[];
  referenceUrls: string[];
}

/** A message after deduplication on Message-ID. */
export interface ArchivedMessage extends Omit<MessagePage, 'location' | 'source'> {
  pages: PageLocation[];
}

/** A conversation rebuilt from Message-IDs, References and matched forwards, across lists and months. */
export interface MailThreadSummary {
  rootMessageId: string;
  subject: string;
  lists: string[];
  messageIds: string[];
  messageCount: number;
  firstDate?: string;
  lastDate?: string;
}
