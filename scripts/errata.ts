/**
 * npm run errata -- <command>: the errata tracker's command line, a dispatcher over one module per
 * command in scripts/errata/ (each parses its options, calls src/lib/errata or a sync, prints).
 * Commands: validate, new, screen, list, log, sync-mail, sync-github; their help texts are in
 * src/lib/errata/help/. Run from the repository root.
 */
import { runCli, UsageError } from '../src/lib/cli';
import { ERRATA_COMMANDS, ERRATA_HELP, ERRATA_OVERVIEW_HELP } from '../src/lib/errata';
import type { ErrataCommand } from '../src/lib/errata';
import { run as list } from './errata/list';
import { run as log } from './errata/log';
import { run as create } from './errata/new';
import { run as screen } from './errata/screen';
import { run as syncGitHub } from './errata/sync-github';
import { run as syncMail } from './errata/sync-mail';
import { run as validate } from './errata/validate';

const RUN: Record<ErrataCommand, (args: string[]) => Promise<number>> = {
  validate,
  new: create,
  screen,
  list,
  log,
  'sync-mail': syncMail,
  'sync-github': syncGitHub,
};

const [name, ...args] = process.argv.slice(2);
const command = ERRATA_COMMANDS.find((candidate) => candidate === name);

runCli(command === undefined ? ERRATA_OVERVIEW_HELP : ERRATA_HELP[command], async () => {
  if (name === undefined)
    throw new UsageError(
      `a command is needed: ${ERRATA_COMMANDS.slice(0, -1).join(', ')} or ${ERRATA_COMMANDS.at(-1) ?? ''}`,
    );
  if (command === undefined)
    throw new UsageError(
      `${name} is not a command; expected one of: ${ERRATA_COMMANDS.join(', ')}`,
    );
  return RUN[command](args);
});
