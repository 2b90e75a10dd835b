/**
 * From the messages the sync knows to what the errata files should say. Pure: the same state and
 * files give the same plan, which is what makes a run idempotent and an interrupted run repairable
 * by running again.
 * - A thread that contains a message a record cites (its Message-ID, or the path of its archived
 *   page: `list/YYYYMM/msgNNNNN.html`, whatever the host) updates that record's `threads`, one
 *   entry per list the thread reached. Entries the archive does not explain are kept as they are.
 * - The same for proposals already in the inbox.
 * - A comment-list thread that no record or proposal claims, that the rules find to be about the
 *   Usage Guide and that was not screened out (errata/inbox/ignored.yaml) becomes a new proposal.
 * - TC-list threads never become proposals; their messages are kept only when they joined a
 *   comment-list thread or a record's thread.
 */
import { rebuildThreads, type ArchivedMessage, type RebuiltThread } from '../archive';
import { sourceKey, type InboxProposal, type Thread } from '../errata';
import { indexThreads, syncedThreads, type MailConflict } from './match-citations';
import { toArchived, type ArchiveRoots } from './page-keys';

export type { MailConflict } from './match-citations';
import { confirmedKey } from './rules';
import type { StoredMessage } from './state';
import { shortText, threadEntries } from './thread-entries';

export interface FileThreads {
  path: string;
  /** How conflicts name the file (relative to the site), and how `confirmed` entries name it. */
  shownAs: string;
  /** How the rules file's `confirmed` names the file (`errata/…`); default `shownAs`. */
  confirmAs?: string;
  threads: readonly Thread[];
}

export interface ReconcileInput extends ArchiveRoots {
  messages: readonly StoredMessage[];
  commentLists: ReadonlySet<string>;
  records: readonly FileThreads[];
  proposals: readonly (FileThreads & { key: string })[];
  ignoredKeys: ReadonlySet<string>;
  /** `file\u0000citation` of the citations a maintainer confirmed in the rules file. */
  confirmed?: ReadonlySet<string>;
  /** `YYYY-MM-DD`: the date a moved URL is kept under. */
  today: string;
}

export interface ReconcilePlan {
  /** Threads the sync follows: every comment-list thread and every thread a file cites. */
  threads: RebuiltThread[];
  recordUpdates: { path: string; threads: Thread[] }[];
  proposalUpdates: { key: string; threads: Thread[] }[];
  newProposals: { key: string; proposal: InboxProposal }[];
  /** Citations the archive contradicts; their files are left as they are. */
  conflicts: MailConflict[];
  /** The messages worth keeping in the state (those of the threads above). */
  keep: StoredMessage[];
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const knownForwards = new Map(
    input.messages.flatMap((message) =>
      message.forwardOf === undefined ? [] : [[message.id, message.forwardOf] as const],
    ),
  );
  const { threads } = rebuildThreads(
    input.messages.map((message) => toArchived(input.root, message)),
    { knownForwards },
  );
  const claimed = new Set<RebuiltThread>();
  const conflicts: MailConflict[] = [];
  const index = indexThreads(threads);
  const syncFile = (file: FileThreads) => {
    const outcome = syncedThreads(file.threads, {
      index,
      roots: { root: input.root, citeRoot: input.citeRoot },
      commentLists: input.commentLists,
      claimed,
      today: input.today,
      isConfirmed: (citation) =>
        input.confirmed?.has(confirmedKey(file.confirmAs ?? file.shownAs, citation)) === true,
    });
    conflicts.push(...outcome.conflicts.map((conflict) => ({ file: file.shownAs, ...conflict })));
    return outcome.threads;
  };

  const recordUpdates = input.records.flatMap((record) => {
    const next = syncFile(record);
    return next === undefined ? [] : [{ path: record.path, threads: next }];
  });
  const proposalUpdates = input.proposals.flatMap((proposal) => {
    const next = syncFile(proposal);
    return next === undefined ? [] : [{ key: proposal.key, threads: next }];
  });
  // Claims are known only once every file is matched: proposals come after.
  const { followed, newProposals } = followAndPropose(threads, claimed, input);
  const keepIds = new Set(followed.flatMap((thread) => thread.messageIds));
  return {
    threads: followed,
    recordUpdates,
    proposalUpdates,
    newProposals,
    conflicts,
    keep: input.messages.filter((message) => keepIds.has(message.id)),
  };
}

/** The threads the sync follows, and a proposal for each unclaimed comment thread about the guide. */
function followAndPropose(
  threads: readonly RebuiltThread[],
  claimed: ReadonlySet<RebuiltThread>,
  input: ReconcileInput,
): { followed: RebuiltThread[]; newProposals: ReconcilePlan['newProposals'] } {
  const byId = new Map(input.messages.map((message) => [message.id, message]));
  const newProposals: ReconcilePlan['newProposals'] = [];
  const followed: RebuiltThread[] = [];
  for (const thread of threads) {
    const opener = thread.messages.find((message) =>
      message.pages.some((page) => input.commentLists.has(page.list)),
    );
    if (opener === undefined && !claimed.has(thread)) continue;
    followed.push(thread);
    if (opener === undefined || claimed.has(thread)) continue;
    if (byId.get(opener.messageId)?.about !== true) continue;
    const proposal = proposalFor(thread, opener, input);
    if (proposal !== undefined) newProposals.push(proposal);
  }
  return { followed, newProposals };
}

/** An inbox proposal for a thread opened on a comment list; none when it was screened out. */
function proposalFor(
  thread: RebuiltThread,
  opener: ArchivedMessage,
  input: ReconcileInput,
): { key: string; proposal: InboxProposal } | undefined {
  const entries = threadEntries(thread, input.commentLists, input.citeRoot);
  const first = entries[0];
  if (first === undefined) return undefined;
  if (entries.some((entry) => input.ignoredKeys.has(sourceKey(entry)))) return undefined;
  const openerPage = opener.pages.find((page) => input.commentLists.has(page.list));
  const month =
    openerPage === undefined
      ? undefined
      : `${openerPage.month.slice(0, 4)}-${openerPage.month.slice(4)}`;
  return {
    key: sourceKey(first),
    proposal: {
      title: shortText(thread.subject),
      reported: {
        date: opener.date?.slice(0, 10) ?? month ?? '1970-01',
        by: opener.from ?? '(no name given)',
        via: openerPage?.list ?? first.list,
      },
      threads: entries,
    },
  };
}
