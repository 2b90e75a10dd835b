/**
 * npm run guide -- <command>: the revised §2.5.2, its recommendation registry and the way to the
 * TC, a dispatcher over one module per command in scripts/guide/ (each a thin CLI over
 * src/lib/recommendations, src/lib/upstream-patch or src/lib/audit); the help text is in
 * src/lib/recommendations/guide-help.ts. Run from the repository root.
 */
import { runCli, UsageError } from '../src/lib/cli';
import { GUIDE_COMMANDS, GUIDE_HELP, type GuideCommand } from '../src/lib/recommendations';
import { audit } from './guide/audit';
import { check } from './guide/check';
import { specHeadings } from './guide/spec-headings';
import { update } from './guide/update';
import { upstreamPatch } from './guide/upstream-patch';

const RUN: Record<GuideCommand, (args: string[]) => Promise<number>> = {
  check,
  update,
  'upstream-patch': upstreamPatch,
  audit,
  'spec-headings': specHeadings,
};

runCli(GUIDE_HELP, async (argv) => {
  const [name, ...args] = argv;
  const command = GUIDE_COMMANDS.find((candidate) => candidate === name);
  if (command !== undefined) return RUN[command](args);
  throw new UsageError(
    name === undefined
      ? `name a command: ${GUIDE_COMMANDS.slice(0, -1).join(', ')} or ${GUIDE_COMMANDS.at(-1) ?? ''}`
      : `unknown command ${name}`,
  );
});
