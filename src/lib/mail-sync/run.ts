/**
 * One mail sync run: read the errata, the rules and the state; crawl what changed (checkpointing
 * the state after each month); rebuild the threads from everything known; write the records'
 * sync-owned fields and the inbox proposals through the errata library; save the state last.
 * Every file is written whole (temp file + rename) and only when its bytes change, so a second run
 * with nothing new changes no file, and a run killed at any point is repaired by the next one.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  findForwardedOriginal,
  mergePages,
  ArchiveHttpClient,
  type ArchivedMessage,
  type ClientEvent,
  type ClientOptions,
  type ClientStats,
  type MailThreadSummary,
  type MessagePage,
  type RebuiltThread,
} from '../archive';
import { ConfigurationError } from '../errors';
import {
  displayPath,
  loadErrataSetForSync,
  proposalPath,
  syncProposal,
  updateSyncOwnedFields,
  writeFileIfChanged,
  type ErrataPaths,
} from '../errata';
import { removeStaleTempFiles } from '../errata/atomic';
import { crawlArchive, readPage, type CrawlEvent, type CrawlTotals } from './crawl';
import {
  locationKey,
  pageKeyIn,
  pageLocation,
  reconcile,
  toArchived,
  type MailConflict,
} from './reconcile';
import { loadRules, type CompiledRules } from './rules';
import {
  emptyState,
  formatRanges,
  loadState,
  parseRanges,
  serialiseState,
  type StoredMessage,
  type SyncState,
} from './state';

export const DEFAULT_LISTS = ['pkcs11-comment', 'pkcs11'] as const;

export function syncPaths(paths: ErrataPaths): { stateFile: string; rulesFile: string } {
  const dir = path.join(paths.errataDir, 'sync');
  return {
    stateFile: path.join(dir, 'mail-state.yaml'),
    rulesFile: path.join(dir, 'mail-rules.yaml'),
  };
}

export interface MailSyncOptions {
  paths: ErrataPaths;
  /** Archive root URL; a trailing `/` is added when missing. */
  archive: string;
  lists?: readonly string[];
  /** `YYYY-MM`: months before it are not visited. */
  since?: string;
  dryRun?: boolean;
  /**
   * Saves what was read at most this often while crawling (default 5 s; 0 = after every month),
   * so an interrupted run loses little. Each save writes the whole state, hence not every month.
   */
  checkpointMs?: number;
  client?: Omit<ClientOptions, 'onEvent'>;
  onEvent?: (event: CrawlEvent | ClientEvent) => void;
  warn?: (message: string) => void;
  /** `YYYY-MM-DD` a moved citation's old URL is kept under; default today (UTC). */
  today?: string;
}

export interface MailSyncChange {
  file: string;
  kind: 'created' | 'updated';
}

export interface MailSyncReport {
  threads: MailThreadSummary[];
  changes: MailSyncChange[];
  requests: ClientStats;
  crawl: CrawlTotals;
  warnings: string[];
  /** Citations the archive contradicts; their files were left as they are. */
  conflicts: MailConflict[];
  stateChanged: boolean;
}

function storedFrom(message: ArchivedMessage, about: boolean): StoredMessage {
  return {
    id: message.messageId,
    ...(message.date === undefined ? {} : { date: message.date }),
    ...(message.from === undefined ? {} : { from: message.from }),
    subject: message.subject,
    pages: message.pages.map(locationKey),
    ...(message.references.length === 0 ? {} : { references: message.references }),
    ...(message.syntheticId ? { synthetic: true as const } : {}),
    ...(about ? { about: true as const } : {}),
  };
}

function newText(message: ArchivedMessage): string {
  return message.body
    .filter((block) => block.kind === 'new')
    .map((block) => block.text)
    .join('\n');
}

/** Adds a month's pages to the state's messages: new ones, and new pages of known ones. */
export function mergeIntoState(
  state: SyncState,
  pages: readonly MessagePage[],
  rules: CompiledRules,
): void {
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  const arrived = mergePages(pages);
  for (const message of arrived) {
    const onCommentList = message.pages.some((page) => rules.commentLists.has(page.list));
    const about = onCommentList && rules.isAbout(message.subject, newText(message));
    const known = byId.get(message.messageId);
    if (known === undefined) {
      const stored = storedFrom(message, about);
      state.messages.push(stored);
      byId.set(stored.id, stored);
      continue;
    }
    known.pages = [...new Set([...known.pages, ...message.pages.map(locationKey)])].sort();
    const references = [...new Set([...(known.references ?? []), ...message.references])];
    if (references.length > 0) known.references = references;
    if (about) known.about = true;
  }
  matchForwards(state, arrived);
}

/**
 * Forwards without references: matched once, when they arrive, and remembered. Most months
 * bring none, so the candidates are only built when one arrives. A page read ahead of the crawl
 * (a cited page) is matched again after it, when the original it forwards has been read.
 */
function matchForwards(state: SyncState, arrived: readonly ArchivedMessage[]): void {
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  const forwards = arrived.filter(
    (message) => message.forwardedHeader !== undefined && message.references.length === 0,
  );
  if (forwards.length === 0) return;
  const candidates = state.messages.map((message) => toArchived(state.archive, message));
  for (const message of forwards) {
    const stored = byId.get(message.messageId);
    if (stored === undefined || stored.forwardOf !== undefined) continue;
    const original = findForwardedOriginal(message, candidates);
    if (original !== undefined) stored.forwardOf = original.messageId;
  }
}

function summaryOf(thread: RebuiltThread): MailThreadSummary {
  return {
    rootMessageId: thread.rootMessageId,
    subject: thread.subject,
    lists: thread.lists,
    messageIds: thread.messageIds,
    messageCount: thread.messageCount,
    ...(thread.firstDate === undefined ? {} : { firstDate: thread.firstDate }),
    ...(thread.lastDate === undefined ? {} : { lastDate: thread.lastDate }),
  };
}

function normaliseRoot(archive: string): string {
  let url: URL;
  try {
    url = new URL(archive);
  } catch {
    throw new ConfigurationError(
      `--archive ${archive} is not a URL; expected e.g. https://lists.oasis-open.org/archives/`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`--archive ${archive}: expected an http:// or https:// URL`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export async function runMailSync(options: MailSyncOptions): Promise<MailSyncReport> {
  const root = normaliseRoot(options.archive);
  const lists = options.lists ?? DEFAULT_LISTS;
  const dryRun = options.dryRun === true;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };
  const { paths } = options;
  const { stateFile, rulesFile } = syncPaths(paths);
  const syncDir = path.dirname(stateFile);

  if (!dryRun) {
    // A run killed between writing a temp file and renaming it leaves the temp file behind.
    for (const dir of [paths.errataDir, paths.inboxDir, syncDir]) await removeStaleTempFiles(dir);
  }
  const set = await loadErrataSetForSync(paths);
  const rules = await loadRules(rulesFile, displayPath(paths, rulesFile));
  const states = await loadState(stateFile, displayPath(paths, stateFile));
  const stateBefore = await readFile(stateFile, 'utf8').catch(() => undefined);
  // One state per archive root: a mirror or a test archive never overwrites the real one's.
  const others = states.filter((known) => known.archive !== root);
  const state = states.find((known) => known.archive === root) ?? emptyState(root);
  const serialise = () => serialiseState([...others, state]);
  const roots = { root, citeRoot: rules.mirrors.get(root) ?? root };

  const client = new ArchiveHttpClient({
    ...options.client,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  if (!dryRun) await mkdir(syncDir, { recursive: true });
  const checkpointMs = options.checkpointMs ?? 5000;
  let lastCheckpoint = performance.now();
  const checkpoint = async () => {
    if (dryRun || performance.now() - lastCheckpoint < checkpointMs) return;
    await writeFileIfChanged(stateFile, serialise());
    lastCheckpoint = performance.now();
  };

  // Pages the errata cite in this archive but the state does not hold (a record added by hand)
  // are read directly, and counted as read so that the crawl does not fetch them again.
  const cited = [...set.records, ...set.proposals].flatMap((file) =>
    (file.value?.threads ?? []).flatMap((thread) =>
      thread.kind === 'mail' && thread.archiveUrl !== undefined
        ? [pageKeyIn(roots, thread.archiveUrl)]
        : [],
    ),
  );
  const held = new Set(state.messages.flatMap((message) => message.pages));
  const pinned = [...new Set(cited)].filter(
    (key): key is string =>
      key !== undefined && !held.has(key) && lists.includes(key.split('/')[0] ?? ''),
  );
  const pinnedPages: MessagePage[] = [];
  for (const key of pinned) {
    const location = pageLocation(root, key);
    const { page } = await readPage(client, location);
    if (page === undefined) {
      warn(`${key}: cited by an erratum but not in the archive`);
      continue;
    }
    pinnedPages.push(page);
    const months = (state.lists[location.list] ??= { months: {} }).months;
    const month = (months[location.month] ??= { read: '' });
    month.read = formatRanges([...parseRanges(month.read), location.number]);
  }
  if (pinnedPages.length > 0) mergeIntoState(state, pinnedPages, rules);

  const crawl = await crawlArchive({
    root,
    lists,
    commentLists: rules.commentLists,
    ...(options.since === undefined ? {} : { since: options.since.replace('-', '') }),
    client,
    state,
    onBatch: async (batch) => {
      mergeIntoState(state, batch.pages, rules);
      await checkpoint();
    },
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    warn,
  });

  if (pinnedPages.length > 0) matchForwards(state, mergePages(pinnedPages));

  // The rules file names records as `errata/E-0001.yaml`, wherever the errata folder is.
  const confirmName = (file: string) =>
    ['errata', ...path.relative(paths.errataDir, file).split(path.sep)].join('/');
  const plan = reconcile({
    ...roots,
    messages: state.messages,
    commentLists: rules.commentLists,
    confirmed: rules.confirmed,
    today: options.today ?? new Date().toISOString().slice(0, 10),
    records: set.records.flatMap((file) =>
      file.value === undefined
        ? []
        : [
            {
              path: file.path,
              shownAs: displayPath(paths, file.path),
              confirmAs: confirmName(file.path),
              threads: file.value.threads ?? [],
            },
          ],
    ),
    proposals: set.proposals.flatMap((file) =>
      file.value === undefined
        ? []
        : [
            {
              path: file.path,
              shownAs: displayPath(paths, file.path),
              confirmAs: confirmName(file.path),
              key: path.basename(file.path, '.yaml'),
              threads: file.value.threads,
            },
          ],
    ),
    ignoredKeys: new Set(set.ignored?.value?.ignored.map((entry) => entry.key) ?? []),
  });

  const changes: MailSyncChange[] = [];
  for (const update of plan.recordUpdates) {
    const result = await updateSyncOwnedFields(
      paths,
      update.path,
      { threads: update.threads },
      { dryRun },
    );
    if (result.changed) changes.push({ file: displayPath(paths, update.path), kind: 'updated' });
  }
  const proposalFile = (key: string) => displayPath(paths, proposalPath(paths, key));
  for (const update of plan.proposalUpdates) {
    const existing = set.proposals.find(
      (file) => path.basename(file.path, '.yaml') === update.key,
    )?.value;
    if (existing === undefined) continue;
    const kind = await syncProposal(
      paths,
      update.key,
      { ...existing, threads: update.threads },
      { dryRun },
    );
    if (kind !== 'unchanged') changes.push({ file: proposalFile(update.key), kind });
  }
  for (const created of plan.newProposals) {
    const kind = await syncProposal(paths, created.key, created.proposal, { dryRun });
    if (kind !== 'unchanged') changes.push({ file: proposalFile(created.key), kind });
  }

  state.messages = plan.keep;
  // Changed relative to the start of the run; the file itself may hold a checkpoint by now.
  const stateText = serialise();
  const stateChanged = stateText !== stateBefore;
  if (!dryRun) await writeFileIfChanged(stateFile, stateText);
  if (stateChanged) {
    changes.push({
      file: displayPath(paths, stateFile),
      kind: stateBefore === undefined ? 'created' : 'updated',
    });
  }
  return {
    threads: plan.threads.map(summaryOf),
    changes,
    requests: { ...client.stats },
    crawl,
    warnings,
    conflicts: plan.conflicts,
    stateChanged,
  };
}
