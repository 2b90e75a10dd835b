/**
 * A human-owned field is never written by a sync unless the maintainer asks for it in that run
 * (issue #21). Copies of every record of errata/ and of dogfood/errata/ go through both syncs —
 * the mail sync against a real MHonArc archive over local HTTP, the GitHub sync against the
 * project's local fake GitHub (checked against GitHub's OpenAPI description) — whose threads and
 * issues disagree with the records: other subjects, statuses, types, texts, titles, edited issue
 * bodies, reopened and closed issues. Every human-owned field (the schema's HUMAN_OWNED_FIELDS)
 * of every record is compared byte for byte after each run. Only `sync-github --prefer github`
 * may change one, and it does: the comparison sees it.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMap, isScalar, parse, type Node } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  HUMAN_OWNED_FIELDS,
  parseYamlText,
  SYNC_OWNED_FIELDS,
  type Erratum,
} from '../../src/lib/errata';
import { loadContract, startFakeGitHub, type Contract } from '../support/github';
import { markerOf, runGitHubSync } from '../../src/lib/github-sync';
import { runMailSync } from '../../src/lib/mail-sync';
import {
  buildArchive,
  serveArchive,
  type ArchiveServer,
  type MailMessage,
} from '../support/mhonarc';
import {
  createSyncSite,
  IDS,
  scenarioMessages,
  TC,
  COMMENT,
  type SyncSite,
} from '../mail-sync/scenario';
import { startErrataCli } from '../support/errata-cli';

const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');
const TOKEN = 'ghp_TESTTOKEN_humanowned_4Kd9';
const OWNER = 'example';
const REPO = 'usage-guide';
const REPOSITORY = `${OWNER}/${REPO}`;
const FAST = { concurrency: 2, requestsPerSecond: Infinity, retries: 2, backoffMs: 5 };

/**
 * The record sets of the project — the published errata and the dogfood instance's edge cases —
 * with the records the disagreeing archive lets the mail sync write (a cited page whose subject
 * agrees, a Message-ID with more messages) and those it must leave alone (a cited page that now
 * holds another subject: a conflict).
 */
const RECORD_SETS = [
  { records: 'errata', mailWrites: ['E-0001.yaml'], mailConflicts: [] },
  { records: 'dogfood/errata', mailWrites: ['E-0006.yaml'], mailConflicts: ['E-0007.yaml'] },
];

const HUMAN_OWNED: readonly string[] = HUMAN_OWNED_FIELDS;
const SYNC_OWNED: readonly string[] = SYNC_OWNED_FIELDS;

/**
 * The exact source text of each human-owned field of a record (from its key to the end of its
 * value). Any other key must be sync-owned, so no field escapes the comparison.
 */
function humanOwnedText(file: string, text: string): Record<string, string> {
  const read = parseYamlText(text, file);
  if (!read.ok) throw new Error(`${file} does not parse: ${JSON.stringify(read.findings)}`);
  const root = read.parsed.doc.contents;
  if (!isMap(root)) throw new Error(`${file} is not a mapping`);
  const fields: Record<string, string> = {};
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!HUMAN_OWNED.includes(key)) {
      expect(SYNC_OWNED, `${file}: ${key} is neither human- nor sync-owned`).toContain(key);
      continue;
    }
    const start = (pair.key as Node).range?.[0] ?? -1;
    const end = (pair.value as Node | null)?.range?.[2] ?? -1;
    fields[key] = text.slice(start, end);
  }
  return fields;
}

/** Record file → its human-owned fields' text, for every E-NNNN.yaml of a site. */
async function humanOwnedOf(site: SyncSite): Promise<Map<string, Record<string, string>>> {
  const tree = await site.snapshot();
  const records = [...tree].filter(([file]) => /^E-\d{4,}\.yaml$/.test(file));
  return new Map(records.map(([file, text]) => [file, humanOwnedText(file, text)]));
}

/** `file field` for each human-owned field whose text differs (or is added or removed). */
function changedFields(
  before: Map<string, Record<string, string>>,
  after: Map<string, Record<string, string>>,
): string[] {
  const changed: string[] = [];
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(file) ?? {};
    const b = after.get(file) ?? {};
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[field] !== b[field]) changed.push(`${file} ${field}`);
    }
  }
  return changed.sort();
}

/**
 * The OASIS-like scenario plus messages that contradict the records: replies that announce other
 * statuses and texts, the dogfood records' cited threads under other subjects and with more
 * messages, and new comments that retitle existing errata.
 */
function disagreeingMessages(): MailMessage[] {
  const demo = '<demo.1@example.invalid>';
  return [
    ...scenarioMessages(),
    {
      list: TC,
      from: 'Chair Person <chair@tc.example>',
      subject: 'RE: FW: PKCS#11 Usage Guide vs. POSIX issue - REJECTED',
      date: 'Thu, 28 May 2015 16:00:00 +0000',
      messageId: '<decision.2015@tc.example>',
      inReplyTo: IDS.forward,
      references: [IDS.forward, IDS.tcReply],
      body: {
        kind: 'text',
        text: 'Status: rejected. Type: editorial. The original text is fine as it is; proposed text: none.\n',
      },
    },
    {
      list: COMMENT,
      from: 'Someone Else <else@comments.example>',
      subject: 'Usage Guide: an unrelated opener in January',
      date: 'Wed, 3 Jan 2024 09:00:00 +0000',
      messageId: '<opener.2024@comments.example>',
      body: { kind: 'text', text: 'Nothing to do with the records.\n' },
    },
    {
      list: COMMENT,
      from: 'Demo Author <demo@example.invalid>',
      subject: 'A subject the record does not have',
      date: 'Fri, 5 Jan 2024 10:00:00 +0000',
      messageId: demo,
      body: { kind: 'text', text: 'Status: accepted. Summary: something else entirely.\n' },
    },
    ...[2, 4, 6, 9].map((month, i): MailMessage => ({
      list: COMMENT,
      from: `Replier ${i} <r${i}@comments.example>`,
      subject: `Re: Usage Guide status is now ${['rejected', 'resolved', 'under-review', 'held'][i] ?? ''}`,
      date: `Mon, ${10 + i} ${['Feb', 'Apr', 'Jun', 'Sep'][i] ?? 'Feb'} 2024 10:00:00 +0000`,
      messageId: `<demo.reply${month}@comments.example>`,
      inReplyTo: demo,
      references: [demo],
      body: {
        kind: 'text',
        text: `The proposed text should read: "call C_Initialize in every child", says reply ${i}.\n`,
      },
    })),
    {
      list: COMMENT,
      from: 'Early Bird <early@comments.example>',
      subject: 'Usage Guide: first July message',
      date: 'Mon, 1 Jul 2024 08:00:00 +0000',
      messageId: '<july0.2024@comments.example>',
      body: { kind: 'text', text: 'The first message of July.\n' },
    },
    {
      list: COMMENT,
      from: 'Renamer <renamer@comments.example>',
      subject: 'Entirely different subject for the Usage Guide',
      date: 'Mon, 1 Jul 2024 10:00:00 +0000',
      messageId: '<july1.2024@comments.example>',
      body: { kind: 'text', text: 'This page is not the thread the record cites.\n' },
    },
  ];
}

let contract: Contract;
let archiveDir: string;
let archive: ArchiveServer;
beforeAll(async () => {
  contract = await loadContract(
    path.join(PROJECT_DIR, 'test', 'fixtures', 'github', 'openapi-subset.json'),
  );
  archiveDir = await mkdtemp(path.join(tmpdir(), 'human-owned-archive-'));
  await buildArchive(path.join(archiveDir, 'archives'), disagreeingMessages());
  archive = await serveArchive(path.join(archiveDir, 'archives'));
});
afterAll(async () => {
  await archive.close();
  await rm(archiveDir, { recursive: true, force: true });
});

describe.each(RECORD_SETS)('every record of $records through both syncs', (set) => {
  const { records } = set;
  test('no run changes a byte of a human-owned field; --prefer github changes the type it was asked to take', async () => {
    const site = await createSyncSite({ records, mirror: archive.url });
    const fake = await startFakeGitHub({ contract, owner: OWNER, repo: REPO, token: TOKEN });
    try {
      const names = (await readdir(path.join(PROJECT_DIR, records))).filter((name) =>
        /^E-\d{4,}\.yaml$/.test(name),
      );
      const original = await humanOwnedOf(site);
      expect([...original.keys()].sort()).toEqual(names.sort());
      const ids = names.map((name) => path.basename(name, '.yaml'));
      const value = async (id: string) =>
        parse((await site.snapshot()).get(`${id}.yaml`) ?? '') as Erratum;

      const mailSync = () =>
        runMailSync({ paths: site.paths, archive: archive.url, client: FAST, today: '2026-12-06' });
      const githubSync = () =>
        runGitHubSync({
          paths: site.paths,
          repository: REPOSITORY,
          token: TOKEN,
          apiUrl: fake.url,
          pageUrl: (id) => `https://example.org/errata/${id}`,
          client: { minWriteIntervalMs: 0, retryBaseDelayMs: 20 },
        });

      // 1. The mail archive: the sync writes threads into the records it can match.
      const mail = await mailSync();
      const mailWritten = mail.changes.map((change) => path.basename(change.file));
      expect(mailWritten.filter((file) => /^E-/.test(file))).toEqual(set.mailWrites);
      expect(mail.conflicts.map((conflict) => path.basename(conflict.file))).toEqual(
        set.mailConflicts,
      );
      expect(changedFields(original, await humanOwnedOf(site))).toEqual([]);

      // 2. GitHub already holds an issue per record, edited by people: other titles, bodies,
      // status and type labels, states, comments. With no baseline the record is pushed.
      for (const [i, id] of ids.entries()) {
        const record = await value(id);
        const issue = fake.seedIssue({
          title: `${id}: ${record.title} (retitled on GitHub)`,
          body: `<!-- erratum:${id} -->\nEdited on GitHub: the summary here says the opposite.`,
          labels: [
            'erratum',
            `status:${record.status === 'accepted' ? 'rejected' : 'accepted'}`,
            `type:${record.type === 'technical' ? 'editorial' : 'technical'}`,
            'help wanted',
          ],
          state: i % 2 === 0 ? 'closed' : 'open',
          comments: 2,
          author: 'someone-on-github',
        });
        fake.addCrossReference(issue.number, { number: 100 + i, title: `Fix ${id}` });
      }
      const pushed = await githubSync();
      expect(pushed.conflicts).toEqual([]);
      expect(pushed.changes.map((change) => path.basename(change.file))).toEqual(
        expect.arrayContaining(names) as unknown,
      );
      expect(changedFields(original, await humanOwnedOf(site))).toEqual([]);
      for (const id of ids) {
        const issue = fake.issues().find((candidate) => markerOf(candidate.body) === id);
        expect(issue?.title, id).toBe(`${id}: ${(await value(id)).title}`);
      }

      // 3. People change the issues again: every issue disagrees with its record on status or
      // type, state, title and body. Conflicts are reported; the records keep every human field.
      for (const [i, issue] of fake.issues().entries()) {
        const id = markerOf(issue.body) ?? '';
        const record = await value(id);
        const otherType = record.type === 'technical' ? 'editorial' : 'technical';
        const typeOnly = i % 2 === 1;
        fake.editIssue(issue.number, {
          title: `Not what the record says (${id})`,
          body: `<!-- erratum:${id} -->\nThe body rewritten by hand.`,
          labels: [
            'erratum',
            typeOnly ? `status:${record.status}` : 'status:resolved',
            `type:${otherType}`,
          ],
          ...(typeOnly ? {} : { state: issue.state === 'open' ? 'closed' : 'open' }),
        });
        fake.addComment(issue.number, `Status: rejected. Proposed text: none (${id}).`);
      }
      const conflicted = await githubSync();
      expect(new Set(conflicted.conflicts.map((conflict) => conflict.id))).toEqual(new Set(ids));
      expect(changedFields(original, await humanOwnedOf(site))).toEqual([]);

      // 4. The mail sync again, over what the GitHub sync wrote.
      await mailSync();
      expect(changedFields(original, await humanOwnedOf(site))).toEqual([]);
      expect(fake.violations).toEqual([]);

      // 5. The maintainer asks for GitHub's labels in this run: where the only disagreement is
      // the type, the record takes it — the one human-owned change, and the comparison sees it.
      // Where the state was changed by hand, the status decides, and nothing is taken.
      const preferred = await startErrataCli(
        site.dir,
        ['sync-github', '--repo', REPOSITORY, '--prefer', 'github'],
        { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url },
      ).done;
      expect(preferred.code, preferred.stdout + preferred.stderr).toBe(1);
      const typeOnlyIds = fake
        .issues()
        .filter((_, i) => i % 2 === 1)
        .map((issue) => markerOf(issue.body) ?? '');
      expect(typeOnlyIds.length).toBeGreaterThan(0);
      expect(changedFields(original, await humanOwnedOf(site))).toEqual(
        typeOnlyIds.map((id) => `${id}.yaml type`).sort(),
      );
      for (const id of typeOnlyIds) {
        expect((await value(id)).type).toBe(
          (original.get(`${id}.yaml`)?.type ?? '').includes('technical')
            ? 'editorial'
            : 'technical',
        );
      }
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
      await site.remove();
    }
  });
});
