/** `npm run guide -- update`: the proposed text's statement lists, rendered from the registry. */
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../../src/lib/cli';
import { formatFindingText } from '../../src/lib/findings';
import {
  PROPOSED_TEXT_FILE,
  REGISTRY_FILE,
  updateProposedTextFile,
} from '../../src/lib/recommendations';

export async function update(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`update takes no arguments; got ${args.join(' ')}`);
  const result = await updateProposedTextFile(process.cwd());
  switch (result.kind) {
    case 'invalid-registry':
      for (const finding of result.findings)
        process.stderr.write(`${formatFindingText(finding)}\n`);
      return EXIT_FINDINGS;
    case 'problems':
      for (const problem of result.problems) process.stderr.write(`${problem}\n`);
      return EXIT_FINDINGS;
    case 'unchanged':
      process.stdout.write(`${PROPOSED_TEXT_FILE} is up to date.\n`);
      return EXIT_OK;
    case 'updated':
      process.stdout.write(`${PROPOSED_TEXT_FILE} updated from ${REGISTRY_FILE}.\n`);
      return EXIT_OK;
  }
}
