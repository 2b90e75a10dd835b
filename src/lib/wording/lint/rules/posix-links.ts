/**
 * POSIX functions link to POSIX.1-2024. The guide's argument rests on what POSIX says about
 * fork(), pthread_atfork() and async-signal safety, so a reader must be one click from the
 * text it cites: the first mention of a POSIX function in each section (`fork()`, or the exec
 * family written as `exec` or `exec…`) is a link to its page in Issue 8, and any link to a POSIX
 * function page goes to that edition. Headings are not counted: links in headings are avoided.
 */
import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import { linksTo, posixPage, POSIX_2024_FUNCTIONS_URL } from '../posix-functions';
import { placeOf, proseRuns, segmentAt, type ProseRun } from '../prose';
import { RULE_SOURCE, type RuleDocs } from '../rule-docs';

const FORK = `${POSIX_2024_FUNCTIONS_URL}fork.html`;

export const docs: RuleDocs = {
  id: 'posix-links',
  summary: 'The first mention of a POSIX function in a section links to POSIX.1-2024.',
  description: `A POSIX function is recognised when written with parentheses (\`fork()\`,
\`pthread_atfork()\`, \`_exit()\`, in code or not) and listed in
\`src/lib/wording/lint/posix-functions.ts\`; the exec family also as the code spans \`exec\`,
\`exec*\` and \`exec…\`. Its first mention in each section (every heading starts one; headings
themselves are not counted) must be a link to its page under ${POSIX_2024_FUNCTIONS_URL}, a
fragment allowed. A link to the page of another edition is reported wherever it is.`,
  examples: [
    {
      name: 'ok.md',
      input: `# Fork

After [\`fork()\`](${FORK}) the child has one thread; later \`fork()\` mentions need no link.
Project functions such as \`ref_enter()\` are not POSIX.

## Exec

A child calls [\`exec\`](${POSIX_2024_FUNCTIONS_URL}exec.html) at once.
`,
      output: [],
    },
    {
      name: 'not-ok.md',
      input: `# Fork

A handler registered with \`pthread_atfork()\` runs in the child of [fork()](${FORK}).

## Next

Then \`fork()\` again, and [\`_exit()\`](https://pubs.opengroup.org/onlinepubs/9699919799/functions/_exit.html).
`,
      output: [
        `3:27-3:45: First mention of \`pthread_atfork()\` in this section: link it to ${POSIX_2024_FUNCTIONS_URL}pthread_atfork.html (POSIX.1-2024)`,
        `7:6-7:14: First mention of \`fork()\` in this section: link it to ${FORK} (POSIX.1-2024)`,
        `7:27-7:36: \`_exit()\` links to https://pubs.opengroup.org/onlinepubs/9699919799/functions/_exit.html: link POSIX.1-2024's page ${POSIX_2024_FUNCTIONS_URL}_exit.html`,
      ],
    },
  ],
};

/** A link to a function page of any POSIX edition on The Open Group's site. */
function isPosixPage(url: string): boolean {
  return /^https?:\/\/pubs\.opengroup\.org\/onlinepubs\/\d+\/functions\//.test(url);
}

interface Mention {
  name: string;
  written: string;
  page: string;
  index: number;
  end: number;
}

function mentionsOf(run: ProseRun): Mention[] {
  const mentions: Mention[] = [];
  for (const match of run.text.matchAll(/(?<![\w.>-])([A-Za-z_]\w*)\(\)/g)) {
    const name = match[1] ?? '';
    const page = posixPage(name);
    if (page !== undefined) {
      mentions.push({
        name,
        written: match[0],
        page,
        index: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const segment of run.segments) {
    if (!segment.code) continue;
    const value = run.text.slice(segment.start, segment.end);
    if (/^exec(?:[*…]|\*\(\))?$/.test(value)) {
      const page = posixPage('exec') ?? '';
      mentions.push({ name: 'exec', written: value, page, index: segment.start, end: segment.end });
    }
  }
  return mentions.sort((a, b) => a.index - b.index);
}

export const posixLinks = lintRule<Root>(
  { origin: `${RULE_SOURCE}:${docs.id}`, url: 'src/lib/wording/lint/rules/posix-links.ts' },
  (tree, file) => {
    const seen = new Set<string>();
    for (const run of proseRuns(tree)) {
      if (run.heading) continue;
      for (const mention of mentionsOf(run)) {
        const link = segmentAt(run, mention.index)?.link;
        const place = placeOf(run, mention.index, mention.end, file);
        const key = `${String(run.section)}\u0000${mention.page}`;
        const first = !seen.has(key);
        seen.add(key);
        if (link !== undefined && !linksTo(link, mention.page) && (first || isPosixPage(link))) {
          file.message(
            `\`${mention.written}\` links to ${link}: link POSIX.1-2024's page ${mention.page}`,
            { place },
          );
        } else if (first && link === undefined) {
          file.message(
            `First mention of \`${mention.written}\` in this section: link it to ${mention.page} (POSIX.1-2024)`,
            { place },
          );
        }
      }
    }
  },
);
