/** `npm run errata -- screen`: the inbox listed; `accept <key>` or `ignore <key>` one proposal. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigurationError,
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  oneOf,
  parseFormat,
  runEditor,
  textOption,
  UsageError,
  defined,
} from '../../src/lib/cli';
import {
  acceptProposal,
  acceptProposalByEditing,
  describeAcceptResult,
  formatProposals,
  ignoreProposal,
  loadErrataSet,
  summariseProposals,
  TYPES,
  type AcceptFields,
} from '../../src/lib/errata';
import { parseAffects, paths, recordOptions, relative } from './shared';

const options = {
  ...recordOptions,
  title: { type: 'string' },
  summary: { type: 'string' },
  original: { type: 'string' },
  proposed: { type: 'string' },
  edit: { type: 'boolean' },
  resume: { type: 'string' },
  note: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;
type ScreenValues = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

/** The fields the screener gave on the command line; @file values read. */
async function acceptFields(values: ScreenValues): Promise<AcceptFields> {
  const affects = parseAffects(values.affects);
  const summary = await textOption(values.summary, '--summary');
  const original = await textOption(values.original, '--original');
  const proposed = await textOption(values.proposed, '--proposed');
  const type = values.type === undefined ? undefined : oneOf(values.type, TYPES, '--type');
  return defined({
    title: values.title,
    type,
    affects,
    anchor: values.anchor,
    summary,
    original,
    proposed,
  });
}

async function accept(key: string, values: ScreenValues): Promise<number> {
  const fields = await acceptFields(values);
  if (values.resume !== undefined && values.edit !== true)
    throw new UsageError(
      `--resume needs --edit: screen accept ${key} --edit --resume ${values.resume}`,
    );
  const editor = process.env.EDITOR ?? '';
  if (values.edit === true && editor.trim() === '')
    throw new ConfigurationError(
      `--edit needs an editor in $EDITOR, e.g. EDITOR=nano npm run errata -- screen accept ${key} --edit`,
    );
  const startFrom =
    values.resume === undefined ? undefined : await textOption(`@${values.resume}`, '--resume');
  const result =
    values.edit === true
      ? await acceptProposalByEditing(paths, key, fields, {
          edit: (file) => runEditor(editor, file),
          ...defined({ startFrom }),
        })
      : await acceptProposal(paths, key, fields);
  const proposalFile = relative(path.join(paths.inboxDir, `${key}.yaml`));
  const report = describeAcceptResult(result, key, proposalFile, relative);
  if (report.accepted) process.stdout.write(report.stdout);
  else process.stderr.write(report.stderr);
  return report.accepted ? EXIT_OK : EXIT_USAGE;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  const [action, key, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra.join(' ')}`);
  if (action === 'accept' || action === 'ignore') {
    if (key === undefined)
      throw new UsageError(
        `screen ${action} needs a key: npm run errata -- screen ${action} <key>`,
      );
    if (action === 'accept') return accept(key, values);
    const { keys } = await ignoreProposal(paths, key, defined({ note: values.note }));
    process.stdout.write(`ignored ${keys.join(', ')}; ${relative(paths.ignoredFile)} updated\n`);
    return EXIT_OK;
  }
  if (action !== undefined)
    throw new UsageError(
      `screen ${action} is not a subcommand; expected accept <key> or ignore <key>`,
    );
  const format = parseFormat(values, ['text', 'json']);
  const proposals = summariseProposals(await loadErrataSet(paths));
  process.stdout.write(formatProposals(proposals, format === 'json' ? 'json' : 'text'));
  return proposals.every((proposal) => proposal.valid) ? EXIT_OK : EXIT_FINDINGS;
}
