/**
 * Writes that are whole or absent. A record is written to a temporary file in its own folder,
 * flushed (fsync), then renamed over the target — rename(2) replaces atomically within one file
 * system — so a reader or a crash sees the old file or the new one, never a mixture. Creating a new
 * record uses link(2) instead of rename: it fails with EEXIST when the name is taken, which makes
 * "write this id only if nobody has it" atomic too, with the content already complete.
 */
import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';

/** The file-system calls used here; tests pass a wrapper that fails on purpose. */
export interface AtomicFs {
  open: typeof fsPromises.open;
  rename: typeof fsPromises.rename;
  link: typeof fsPromises.link;
  unlink: typeof fsPromises.unlink;
}

const realFs: AtomicFs = {
  open: fsPromises.open,
  rename: fsPromises.rename,
  link: fsPromises.link,
  unlink: fsPromises.unlink,
};

function tempPathFor(target: string): string {
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

async function writeTemp(fs: AtomicFs, target: string, content: string): Promise<string> {
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

// The rename itself is durable only once the folder's entry is flushed (fsync(2) on the folder).
async function syncFolder(fs: AtomicFs, folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * The folders a batch of writes changed, each flushed once when the batch is done: a writer
 * handed one leaves its folder to `flush`, so n files written into one folder wait on n + 1
 * fsyncs instead of 2n. Each file is still whole or absent at every moment; it is durable once
 * `flush` has returned, and whatever must reach the disk after the batch is written after that.
 */
export class FolderFlushes {
  private readonly folders = new Set<string>();

  constructor(private readonly fs: AtomicFs = realFs) {}

  add(folder: string): void {
    this.folders.add(folder);
  }

  async flush(): Promise<void> {
    const folders = [...this.folders];
    this.folders.clear();
    await Promise.all(folders.map((folder) => syncFolder(this.fs, folder)));
  }
}

export interface AtomicOptions {
  /** The file-system calls; tests pass a wrapper that fails on purpose. */
  fs?: AtomicFs;
  /** The batch that flushes the target's folder later, instead of each write doing it. */
  folders?: FolderFlushes;
}

async function syncFolderOf(target: string, options: AtomicOptions): Promise<void> {
  if (options.folders === undefined) await syncFolder(options.fs ?? realFs, path.dirname(target));
  else options.folders.add(path.dirname(target));
}

/**
 * A failpoint for crash tests: with ERRATA_CRASH_BEFORE_COMMIT=n the process kills itself (SIGKILL,
 * no clean-up) right before its n-th rename or link, that is with a complete temp file on disk and
 * the target not yet replaced — the moment an atomic write exists to survive.
 */
let commits = 0;
function crashPoint(): void {
  const at = Number(process.env.ERRATA_CRASH_BEFORE_COMMIT ?? '0');
  commits += 1;
  if (at > 0 && commits === at) process.kill(process.pid, 'SIGKILL');
}

/** Replaces (or creates) `target` with `content` atomically. */
export async function writeFileAtomic(
  target: string,
  content: string,
  options: AtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? realFs;
  const temp = await writeTemp(fs, target, content);
  crashPoint();
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolderOf(target, options);
}

/**
 * Replaces `target` atomically only when its text would change, so a run that learns nothing
 * leaves every file (and its modification time) alone; says whether it did, or with `dryRun`
 * whether it would.
 */
export async function writeFileIfChanged(
  target: string,
  content: string,
  options: AtomicOptions & { dryRun?: boolean } = {},
): Promise<boolean> {
  const before = await fsPromises.readFile(target, 'utf8').catch(() => undefined);
  if (before === content) return false;
  if (options.dryRun !== true) await writeFileAtomic(target, content, options);
  return true;
}

/**
 * Creates `target` with `content` only if no file has that name; returns false when it exists.
 * The file appears complete or not at all.
 */
export async function createFileExclusive(
  target: string,
  content: string,
  options: AtomicOptions = {},
): Promise<boolean> {
  const fs = options.fs ?? realFs;
  const temp = await writeTemp(fs, target, content);
  crashPoint();
  try {
    await fs.link(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
    await syncFolderOf(target, options);
  }
}

const TEMP_FILE = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a killed writer left in `dir` (between writing and renaming). A temp file
 * of a process that still runs is left alone: it may be about to rename it.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const names = await fsPromises.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMP_FILE.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await fsPromises.unlink(path.join(dir, name)).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
