/**
 * Which new comment-list threads become proposals: errata/sync/mail-rules.yaml. A thread is
 * proposed when its first message's subject or the text its sender wrote (quotes and forwards
 * left out) matches one of `about` and none of `exclude`. Patterns are regular expressions,
 * matched without regard to case. TC-list threads are never proposed (the TC's own drafting is
 * not a comment); they only join threads and records that exist.
 */
import * as z from 'zod';
import { SetupError } from '../cli';
import { loadOptionalYaml } from '../errata';
import { placeOf } from '../errata/positions';

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
});
export type MailRules = z.infer<typeof MailRules>;

/** Used when the repository has no rules file. */
export const DEFAULT_RULES: MailRules = {
  commentLists: ['pkcs11-comment'],
  about: ['usage guide', '\\bpkcs ?#? ?11[ -]?ug\\b', '\\bUG\\b', 'fork\\('],
  exclude: ['^(un)?subscribe\\b', 'out of (the )?office', 'automatic reply'],
};

export interface CompiledRules {
  commentLists: ReadonlySet<string>;
  /** True when a thread whose first message has this subject and new text is a comment to propose. */
  isAbout(subject: string, text: string): boolean;
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
        throw new SetupError(`${where(field, index)}: ${(error as Error).message}`);
      }
    });
  const about = compile('about');
  const exclude = compile('exclude');
  return {
    commentLists: new Set(rules.commentLists),
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
