/** The --help texts of `npm run errata` (ARCHITECTURE.md, "CLIs"): the overview and each command's. */
import { OVERVIEW_HELP, RECORD_COMMANDS_HELP } from './records';
import { SYNC_COMMANDS_HELP } from './syncs';

export const ERRATA_HELP = { ...RECORD_COMMANDS_HELP, ...SYNC_COMMANDS_HELP };
export type ErrataCommand = keyof typeof ERRATA_HELP;
/** The commands, in the order the overview lists them. */
export const ERRATA_COMMANDS = Object.keys(ERRATA_HELP) as ErrataCommand[];
export { OVERVIEW_HELP as ERRATA_OVERVIEW_HELP };
