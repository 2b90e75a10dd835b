/**
 * The proposed replacement text (docs/guide/proposed-text.md) carries the recommendations'
 * statements in generated blocks, so the text the TC would paste and the registry can never
 * disagree:
 *   <!-- recommendations: app -->
 *   …generated list…
 *   <!-- /recommendations -->
 * `updateProposedText` rewrites the blocks; the check reports a stale one.
 */
import { AUDIENCES, type Audience, type Registry } from './schema';

const BLOCK = /(<!-- recommendations: ([a-z]+) -->\n)([\s\S]*?)(<!-- \/recommendations -->)/g;

export function renderStatements(registry: Registry, audience: Audience): string {
  return registry.recommendations
    .filter((r) => r.audience === audience)
    .map((r, index) => `${index + 1}. ${r.statement.trim().replace(/\s*\n\s*/g, ' ')}`)
    .join('\n');
}

export interface BlockProblem {
  line: number;
  message: string;
}

/** The text with every block regenerated, and the problems with blocks that cannot be. */
export function updateProposedText(
  text: string,
  registry: Registry,
): { text: string; problems: BlockProblem[] } {
  const problems: BlockProblem[] = [];
  const updated = text.replace(
    BLOCK,
    (whole, open: string, audience: string, _body: string, close: string, offset: number) => {
      const line = text.slice(0, offset).split('\n').length;
      if (!(AUDIENCES as readonly string[]).includes(audience)) {
        problems.push({
          line,
          message: `unknown audience "${audience}" (${AUDIENCES.join(', ')})`,
        });
        return whole;
      }
      return `${open}\n${renderStatements(registry, audience as Audience)}\n\n${close}`;
    },
  );
  return { text: updated, problems };
}

const START = '<!-- proposed-text:start -->';
const END = '<!-- proposed-text:end -->';

/**
 * The text between the page's start and end markers as plain Markdown for the TC's pandoc
 * sources: no front matter, no site introduction, no comments.
 */
export function plainProposedText(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`the proposed text lacks its ${START} … ${END} markers`);
  return `${text
    .slice(start + START.length, end)
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
