/**
 * One mail sync run: read the errata, the rules and the state; crawl what changed (checkpointing
 * the state after each month); rebuild the threads from everything known; write the records'
 * sync-owned fields and the inbox proposals through the errata library; save the state last.
 * Every file is written whole (temp file + rename) and only when its bytes change, so a second run
 * with nothing new changes no file, and a run killed at any point is repaired by the next one.
 */
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  mergePages,
  ArchiveHttpClient,
  type ClientEvent,
  type ClientOptions,
  type ClientStats,
  type MailThreadSummary,
  type RebuiltThread,
} from '../archive';
import { ConfigurationError } from '../errors';
import { displayPath, loadErrataSetForSync, writeFileIfChanged, type ErrataPaths } from '../errata';
import { removeStaleTempFiles } from '../errata/atomic';
import { fileExists } from '../errata/file-exists';
import { applyPlan, type MailSyncChange } from './apply-plan';
import { crawlArchive, type CrawlEvent, type CrawlTotals } from './crawl';
import { matchForwards, mergeIntoState } from './merge-state';
import { readPinnedPages } from './pinned-pages';
import { reconcile, type MailConflict } from './reconcile';
import { reconcileInput } from './reconcile-input';
import { loadRules } from './rules';
import { emptyState, loadState, loadYamlState, serialiseState, type SyncState } from './state';

export { mergeIntoState } from './merge-state';
export type { MailSyncChange } from './apply-plan';

export const DEFAULT_LISTS = ['pkcs11-comment', 'pkcs11'] as const;

export function syncPaths(paths: ErrataPaths): {
  stateFile: string;
  /** Where the state was kept as YAML; read while there is no JSON state, then removed. */
  yamlStateFile: string;
  rulesFile: string;
} {
  const dir = path.join(paths.errataDir, 'sync');
  return {
    stateFile: path.join(dir, 'mail-state.json'),
    yamlStateFile: path.join(dir, 'mail-state.yaml'),
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

/** The state of this archive root, and how to save it beside the states of other roots. */
interface LoadedState {
  state: SyncState;
  serialise: () => string;
  /** The state file's text at the start of the run; undefined when there was none. */
  before: string | undefined;
}

async function loadStateFor(paths: ErrataPaths, root: string): Promise<LoadedState> {
  const { stateFile, yamlStateFile } = syncPaths(paths);
  const { states: fromJson, text: before } = await loadState(
    stateFile,
    displayPath(paths, stateFile),
  );
  // A missing YAML state is no state, as a missing JSON one is.
  const states =
    before === undefined
      ? await loadYamlState(yamlStateFile, displayPath(paths, yamlStateFile))
      : fromJson;
  // One state per archive root: a mirror or a test archive never overwrites the real one's.
  const others = states.filter((known) => known.archive !== root);
  const state = states.find((known) => known.archive === root) ?? emptyState(root);
  return { state, serialise: () => serialiseState([...others, state]), before };
}

/**
 * Saves the state at most every `checkpointMs` while crawling (default 5 s; 0 = after every
 * month), so an interrupted run loses little. Each save writes the whole state, hence not every month.
 */
function checkpointer(stateFile: string, loaded: LoadedState, options: MailSyncOptions) {
  const checkpointMs = options.checkpointMs ?? 5000;
  let lastCheckpoint = performance.now();
  return async (): Promise<void> => {
    if (options.dryRun === true || performance.now() - lastCheckpoint < checkpointMs) return;
    await writeFileIfChanged(stateFile, loaded.serialise());
    lastCheckpoint = performance.now();
  };
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
  const { stateFile, yamlStateFile, rulesFile } = syncPaths(paths);
  const syncDir = path.dirname(stateFile);
  if (!dryRun) {
    // A run killed between writing a temp file and renaming it leaves the temp file behind.
    for (const dir of [paths.errataDir, paths.inboxDir, syncDir]) await removeStaleTempFiles(dir);
  }
  const set = await loadErrataSetForSync(paths);
  const rules = await loadRules(rulesFile, displayPath(paths, rulesFile));
  const loaded = await loadStateFor(paths, root);
  const { state } = loaded;
  const roots = { root, citeRoot: rules.mirrors.get(root) ?? root };
  const onEvent = options.onEvent === undefined ? {} : { onEvent: options.onEvent };
  const client = new ArchiveHttpClient({ ...options.client, ...onEvent });
  if (!dryRun) await mkdir(syncDir, { recursive: true });
  const checkpoint = checkpointer(stateFile, loaded, options);

  const pinnedPages = await readPinnedPages(set, roots, lists, state, client, warn);
  if (pinnedPages.length > 0) mergeIntoState(state, pinnedPages, rules);
  const since = options.since === undefined ? {} : { since: options.since.replace('-', '') };
  const crawl = await crawlArchive({
    root,
    lists,
    commentLists: rules.commentLists,
    ...since,
    client,
    state,
    onBatch: async (batch) => {
      mergeIntoState(state, batch.pages, rules);
      await checkpoint();
    },
    ...onEvent,
    warn,
  });
  // A page read ahead of the crawl is matched again, now that the original it forwards is read.
  if (pinnedPages.length > 0) matchForwards(state, mergePages(pinnedPages));

  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const plan = reconcile(
    reconcileInput(paths, set, rules, { ...roots, messages: state.messages, today }),
  );
  const applying = applyPlan(paths, set, plan, dryRun);
  applying.catch(() => undefined); // awaited below
  state.messages = plan.keep;
  // Made while the records and proposals wait on the disk, and still saved after them. Changed
  // relative to the start of the run; the file itself may hold a checkpoint by now.
  const stateText = loaded.serialise();
  const changes = await applying;
  const stateChanged = stateText !== loaded.before;
  if (!dryRun) await writeFileIfChanged(stateFile, stateText);
  if (stateChanged) {
    const kind = loaded.before === undefined ? 'created' : 'updated';
    changes.push({ file: displayPath(paths, stateFile), kind });
  }
  // The YAML state is read only while there is no JSON one; once that is saved it is stale.
  if (await fileExists(yamlStateFile)) {
    if (!dryRun) await unlink(yamlStateFile);
    changes.push({ file: displayPath(paths, yamlStateFile), kind: 'removed' });
  }
  const threads = plan.threads.map(summaryOf);
  const requests = { ...client.stats };
  return { threads, changes, requests, crawl, warnings, conflicts: plan.conflicts, stateChanged };
}
