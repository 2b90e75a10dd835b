/**
 * Real MHonArc archives from test-written messages, laid out as the OASIS list archives are:
 * `<root>/<list>/<YYYYMM>/` per list and month, each made by one `mhonarc` run over an mbox of that
 * month's messages, plus a home page per list and one for the root. Months are converted in
 * parallel, a few at a time, since each run is an independent Perl process.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatMbox } from './mbox';
import { monthOf, parseMailDate, type MailMessage } from './message';
import { archiveHomePage, listHomePage, oasisResourceFile } from './oasis-layout';

export interface BuiltArchive {
  root: string;
  lists: { name: string; months: { month: string; messages: number }[] }[];
}

export interface BuildOptions {
  /** mhonarc runs at a time; default 4. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;
const NOT_INSTALLED = 'mhonarc is not installed (run scripts/setup.sh)';
const MESSAGE_PAGE = /^msg\d{5,}\.html$/;
// Folder names and URL segments: no separators, no dot files, nothing to escape.
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The mhonarc executable on PATH; looked up on every build so a changed PATH is honoured. */
async function findMhonarc(): Promise<string> {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    if (folder === '') continue;
    const candidate = path.join(folder, 'mhonarc');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder; try the next.
    }
  }
  throw new Error(NOT_INSTALLED);
}

/** The environment of a run: UTC dates, C locale, and no personal or M2H_* resource settings. */
function mhonarcEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('M2H_') && name !== 'LANG' && !name.startsWith('LC_')) env[name] = value;
  }
  // MHonArc reads ~/.mhonarc.rc when present; the work folder has none.
  return { ...env, HOME: home, TZ: 'UTC', LC_ALL: 'C' };
}

interface MonthRun {
  list: string;
  month: string;
  messages: MailMessage[];
}

async function runMhonarc(
  executable: string,
  workDir: string,
  outDir: string,
  run: MonthRun,
  add: boolean,
): Promise<void> {
  const base = path.join(workDir, `${run.list}-${run.month}`);
  const rcFile = `${base}.rc`;
  const mboxFile = `${base}.mbox`;
  await writeFile(rcFile, oasisResourceFile({ list: run.list, month: run.month }));
  await writeFile(mboxFile, formatMbox(run.messages));
  const args = ['-rcfile', rcFile, '-outdir', outDir, '-quiet'];
  if (add) args.push('-add');
  args.push(mboxFile);

  await new Promise<void>((resolve, reject) => {
    const child = spawn(executable, args, {
      env: mhonarcEnvironment(workDir),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(NOT_INSTALLED) : error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      const how = signal === null ? `exit status ${String(code)}` : `signal ${signal}`;
      const text = Buffer.concat(stderr).toString('utf8').trim();
      reject(new Error(`mhonarc failed for ${run.list}/${run.month} (${how}): ${text}`));
    });
  });
}

/**
 * Runs the tasks with at most `limit` in flight. After a failure no new task starts, and the first
 * error is thrown once the running ones have ended (so none still writes while the caller cleans up).
 */
async function inPool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < tasks.length) {
      const task = tasks[next];
      next += 1;
      try {
        if (task !== undefined) await task();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, tasks.length));
  const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

/** Every (list, month) the messages go to, each month's messages in date order. */
function groupByListMonth(messages: readonly MailMessage[]): MonthRun[] {
  const runs = new Map<string, MonthRun>();
  for (const message of messages) {
    const month = monthOf(message);
    for (const list of new Set([message.list, ...(message.alsoTo ?? [])])) {
      if (!LIST_NAME.test(list)) {
        throw new Error(`list name ${JSON.stringify(list)} is not allowed`);
      }
      const key = `${list}/${month}`;
      let run = runs.get(key);
      if (run === undefined) {
        run = { list, month, messages: [] };
        runs.set(key, run);
      }
      run.messages.push(message);
    }
  }
  // Mail is numbered as it arrives, which is (close to) date order; the sort is stable for ties.
  for (const run of runs.values()) {
    run.messages.sort((a, b) => parseMailDate(a.date).getTime() - parseMailDate(b.date).getTime());
  }
  return [...runs.values()];
}

async function countMessagePages(dir: string): Promise<number> {
  const names = await readdir(dir);
  return names.filter((name) => MESSAGE_PAGE.test(name)).length;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts the runs, then rewrites the home pages. `previous` is the archive before (empty for a
 * new build); months not touched keep their counts from it.
 */
async function convert(
  previous: BuiltArchive,
  runs: readonly MonthRun[],
  add: boolean,
  concurrency: number,
): Promise<BuiltArchive> {
  const executable = await findMhonarc();
  const root = previous.root;
  const workDir = await mkdtemp(path.join(tmpdir(), 'mhonarc-fixture-'));
  const counts = new Map<string, Map<string, number>>();
  for (const list of previous.lists) {
    counts.set(list.name, new Map(list.months.map((entry) => [entry.month, entry.messages])));
  }
  try {
    const tasks = runs.map((run) => async () => {
      const outDir = path.join(root, run.list, run.month);
      await mkdir(outDir, { recursive: true });
      await runMhonarc(executable, workDir, outDir, run, add);
      const pages = await countMessagePages(outDir);
      // Looked up after the await: months of one list finish concurrently and share this map.
      const months = counts.get(run.list) ?? new Map<string, number>();
      months.set(run.month, pages);
      counts.set(run.list, months);
    });
    await inPool(tasks, concurrency);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const lists = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, months]) => ({
      name,
      months: [...months.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, messages]) => ({ month, messages })),
    }));
  const touched = new Set(runs.map((run) => run.list));
  for (const list of lists) {
    if (touched.has(list.name)) {
      await writeFile(
        path.join(root, list.name, 'index.html'),
        listHomePage(list.name, list.months),
      );
    }
  }
  await writeFile(path.join(root, 'index.html'), archiveHomePage(lists.map((list) => list.name)));
  return { root, lists };
}

/**
 * Builds a new archive in `root`, which must be missing or empty (adding to an archive is
 * `addToArchive`'s job, with MHonArc's -add).
 */
export async function buildArchive(
  root: string,
  messages: readonly MailMessage[],
  options: BuildOptions = {},
): Promise<BuiltArchive> {
  const absoluteRoot = path.resolve(root);
  if ((await exists(absoluteRoot)) && (await readdir(absoluteRoot)).length > 0) {
    throw new Error(`${absoluteRoot} is not empty; add to an existing archive with addToArchive`);
  }
  await mkdir(absoluteRoot, { recursive: true });
  const runs = groupByListMonth(messages);
  return convert(
    { root: absoluteRoot, lists: [] },
    runs,
    false,
    options.concurrency ?? DEFAULT_CONCURRENCY,
  );
}

/**
 * Adds messages to an archive: MHonArc's -add on each month they fall in, so existing pages keep
 * their numbers while MHonArc rewrites the indexes and the neighbours' navigation; then the home
 * pages are rewritten. A message whose Message-ID a month already has is skipped by MHonArc.
 */
export async function addToArchive(
  archive: BuiltArchive,
  messages: readonly MailMessage[],
  options: BuildOptions = {},
): Promise<BuiltArchive> {
  const runs = groupByListMonth(messages);
  // MHonArc loads its database with Perl's `require`, which looks a relative path up in @INC.
  const absolute = { ...archive, root: path.resolve(archive.root) };
  return convert(absolute, runs, true, options.concurrency ?? DEFAULT_CONCURRENCY);
}
