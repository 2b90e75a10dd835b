/**
 * remark plugin: makes every table reachable from the keyboard.
 *
 * The theme lets a wide table scroll sideways inside its own box. A scrolling box that cannot
 * take focus cannot be scrolled without a mouse (WCAG 2.1 SC 2.1.1; axe rule
 * `scrollable-region-focusable`), so each table gets `tabindex="0"`.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** No options yet; the type exists so the plugin's signature can grow without a breaking change. */
export type Options = Record<string, never>;

export default function remarkScrollableTables(): (tree: Root) => void {
  return (tree) => {
    visit(tree, 'table', (table) => {
      table.data = { ...table.data, hProperties: { ...table.data?.hProperties, tabIndex: 0 } };
    });
  };
}
