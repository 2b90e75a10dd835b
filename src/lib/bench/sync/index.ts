/** The mail-sync benchmark behind `npm run bench:sync` (ARCHITECTURE.md, "CLIs"). */
export {
  runSyncBenchmark,
  type ArchiveFixture,
  type SyncBenchmarkOptions,
  type SyncBenchmarkResult,
} from './measure';
export { formatSyncBenchmark } from './report';
export { serveArchiveInChildProcess, type ServedArchive } from './served-archive';
