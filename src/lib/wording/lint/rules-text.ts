/**
 * `npm run lint:wording -- --rules`: each rule's documentation with its examples and the
 * messages they give, in the shape remark-lint's rule READMEs use.
 */
import { RULE_DOCS } from './index';

export function rulesDocumentation(): string {
  return RULE_DOCS.map((docs) => {
    const examples = docs.examples.map((example) => {
      const output =
        example.output.length === 0
          ? 'No messages.'
          : example.output.map((line) => `    ${line}`).join('\n');
      return `${example.name}:\n\n${example.input.replace(/^/gm, '    ')}\n\n${output}`;
    });
    return [
      `pkcs11-wording:${docs.id}: ${docs.summary}`,
      '',
      docs.description,
      '',
      ...examples,
    ].join('\n');
  }).join('\n\n');
}
