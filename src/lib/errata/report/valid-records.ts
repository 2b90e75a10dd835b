/**
 * The records `errata list` and `errata log` report on: the valid ones, and a note for each
 * file left out, so a report never silently drops an erratum.
 */
import type { ErrataPaths } from '../paths';
import { loadErrataSet, validRecords } from '../repository';
import type { Erratum } from '../schema';

export interface ReportableRecords {
  records: Erratum[];
  /** One line per invalid file, for standard error. */
  skipped: string[];
}

export async function loadReportableRecords(paths: ErrataPaths): Promise<ReportableRecords> {
  const set = await loadErrataSet(paths);
  const skipped = set.records
    .filter((record) => record.value === undefined)
    .map(
      (record) =>
        `skipped ${record.file}: it is not valid (npm run errata -- validate shows why)\n`,
    );
  return { records: validRecords(set), skipped };
}
