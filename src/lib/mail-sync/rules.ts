/**
 * The mail sync's rules: errata/sync/mail-rules.yaml.
 * - Which new comment-list threads become proposals. A thread is proposed when its first
 *   message's subject or the text its sender wrote (quotes and forwards left out) matches one of
 *   `about` and none of `exclude`. Patterns are regular expressions, matched without regard to
 *   case. TC-list threads are never proposed (the TC's own drafting is not a comment); they only
 *   join threads and records that exist.
 * - `mirrors`: archive roots that hold the same pages as another root. A record's citation is
 *   matched by page only within the archive it names, or a mirror mapped to it here.
 * - `confirmed`: citations a maintainer has checked ("this citation is right, stop asking"); the
 *   sync leaves them as they are and reports no conflict about them.
 */
import * as z from 'zod';
import { ConfigurationError } from '../errors';
import { loadOptionalYaml } from '../errata';
import { placeOf } from '../errata/positions';

const ArchiveRoot = z
  .string({ error: 'expected an archive root URL as text' })
  .regex(/^https?:\/\/\S+\/$/, {
    error:
      'expected an archive root URL ending with /, e.g. https://lists.oasis-open.org/archives/',
  });

const Pattern = z.string({ error: 'expected a regular expression as text' }).min(1);

export const MailRules = z.strictObject({
  commentLists: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a list name such as pkcs11-comment' }),
    )
    .min(1, { error: 'name at least one comment list' }),
  about: z.array(Pattern).min(1, { error: 'give at least one pattern' }),
  exclude: z.array(Pattern).default([]),
  mirrors: z
    .array(
      z.strictObject({
        root: ArchiveRoot,
        of: ArchiveRoot,
      }),
    )
    .default([]),
  confirmed: z
    .array(
      z.strictObject({
        file: z
          .string({ error: 'expected the record’s path, e.g. errata/E-0001.yaml' })
          .regex(/^\S+\.yaml$/, { error: 'expected the record’s path, e.g. errata/E-0001.yaml' }),
        citation: z
          .string({ error: 'expected the archive URL or the <Message-ID> the record cites' })
          .min(1),
        note: z.string().optional(),
      }),
    )
    .default([]),
});
export type MailRules = z.infer<typeof MailRules>;

/** Used when the repository has no rules file. */
export const DEFAULT_RULES: MailRules = {
  commentLists: ['pkcs11-comment'],
  about: ['usage guide', '\\bpkcs ?#? ?11[ -]?ug\\b', '\\bUG\\b', 'fork\\('],
  exclude: ['^(un)?subscribe\\b', 'out of (the )?office', 'automatic reply'],
  mirrors: [],
  confirmed: [],
};

export interface CompiledRules {
  commentLists: ReadonlySet<string>;
  /** True when a thread whose first message has this subject and new text is a comment to propose. */
  isAbout(subject: string, text: string): boolean;
  /** Mirror root → the root it mirrors. */
  mirrors: ReadonlyMap<string, string>;
  /** `file\u0000citation` of each confirmed citation. */
  confirmed: ReadonlySet<string>;
}

export function confirmedKey(file: string, citation: string): string {
  return `${file}\u0000${citation}`;
}

export function compileRules(
  rules: MailRules,
  where: (field: string, index: number) => string = (f, i) => `${f}[${i}]`,
): CompiledRules {
  const compile = (field: 'about' | 'exclude') =>
    rules[field].map((source, index) => {
      try {
        return new RegExp(source, 'iu');
      } catch (error) {
        throw new ConfigurationError(`${where(field, index)}: ${(error as Error).message}`);
      }
    });
  const about = compile('about');
  const exclude = compile('exclude');
  return {
    commentLists: new Set(rules.commentLists),
    mirrors: new Map(rules.mirrors.map((mirror) => [mirror.root, mirror.of])),
    confirmed: new Set(rules.confirmed.map((entry) => confirmedKey(entry.file, entry.citation))),
    isAbout(subject, text) {
      const haystacks = [subject, text];
      return (
        about.some((pattern) => haystacks.some((h) => pattern.test(h))) &&
        !exclude.some((pattern) => haystacks.some((h) => pattern.test(h)))
      );
    },
  };
}

/** Loads and compiles the rules file, or the defaults when there is none. */
export async function loadRules(file: string, shownAs: string): Promise<CompiledRules> {
  const loaded = await loadOptionalYaml(file, shownAs, MailRules, { fix: 'fix it' });
  if (loaded === undefined) return compileRules(DEFAULT_RULES);
  const { parsed } = loaded;
  return compileRules(loaded.value, (field, index) => {
    const place = placeOf(parsed.doc, parsed.lineCounter, [field, index]);
    return `${shownAs}:${place.line}:${place.col} ${field}[${index}]`;
  });
}
