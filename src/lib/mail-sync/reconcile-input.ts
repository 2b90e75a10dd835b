/** The reconcile input for the errata as loaded: each file's threads and the names it goes by. */
import path from 'node:path';
import { displayPath, type ErrataPaths, type ErrataSet } from '../errata';
import type { ArchiveRoots } from './page-keys';
import type { ReconcileInput } from './reconcile';
import type { CompiledRules } from './rules';
import type { StoredMessage } from './state';

export function reconcileInput(
  paths: ErrataPaths,
  set: ErrataSet,
  rules: CompiledRules,
  context: ArchiveRoots & { messages: readonly StoredMessage[]; today: string },
): ReconcileInput {
  // The rules file names records as `errata/E-0001.yaml`, wherever the errata folder is.
  const names = (file: string) => ({
    path: file,
    shownAs: displayPath(paths, file),
    confirmAs: ['errata', ...path.relative(paths.errataDir, file).split(path.sep)].join('/'),
  });
  return {
    ...context,
    commentLists: rules.commentLists,
    confirmed: rules.confirmed,
    records: set.records.flatMap((file) =>
      file.value === undefined ? [] : [{ ...names(file.path), threads: file.value.threads ?? [] }],
    ),
    proposals: set.proposals.flatMap((file) =>
      file.value === undefined
        ? []
        : [
            {
              ...names(file.path),
              key: path.basename(file.path, '.yaml'),
              threads: file.value.threads,
            },
          ],
    ),
    ignoredKeys: new Set(set.ignored?.value?.ignored.map((entry) => entry.key) ?? []),
  };
}
