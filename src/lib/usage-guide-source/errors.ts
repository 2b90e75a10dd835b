import { InvalidInputError } from '../errors';

/** Why a Usage Guide source could not be read or a section could not be found. */
export type UsageGuideSourceProblem =
  | 'bad-spec'
  | 'missing-file'
  | 'unknown-ref'
  | 'encoding'
  | 'missing-heading'
  | 'duplicate-heading'
  | 'wrong-level'
  | 'wrong-neighbour';

/**
 * Raised by every function of this library. The message names the file (and line where there is
 * one), what was expected and how to fix it; `problem` lets callers tell the cases apart.
 */
export class UsageGuideSourceError extends InvalidInputError {
  override readonly name = 'UsageGuideSourceError';
  readonly problem: UsageGuideSourceProblem;
  /** The file the problem is in, as the source labels it (e.g. `owner/name@ref:folder/file.md`). */
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    problem: UsageGuideSourceProblem,
    message: string,
    where: { file?: string; line?: number } = {},
  ) {
    super(message);
    this.problem = problem;
    this.file = where.file;
    this.line = where.line;
  }
}
