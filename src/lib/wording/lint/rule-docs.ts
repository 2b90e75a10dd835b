/**
 * What every wording rule documents about itself, in the remark-lint manner: a summary, the
 * reasoning, and examples whose expected messages are also the rule's tests
 * (test/wording/lint-rules.test.ts runs each one).
 */
export interface RuleExample {
  /** File name; `.mdx` examples are parsed as MDX. */
  name: string;
  input: string;
  /** Expected messages, `line:column-line:column: reason`, in order; none for a clean example. */
  output: string[];
}

export interface RuleDocs {
  /** The rule id, as in messages and `lint ignore` markers: `pkcs11-wording:<id>`. */
  id: string;
  summary: string;
  /** Markdown: why the rule exists and what it accepts. */
  description: string;
  examples: RuleExample[];
}

export const RULE_SOURCE = 'pkcs11-wording';
