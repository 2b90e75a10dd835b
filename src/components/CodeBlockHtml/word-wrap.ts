/**
 * A code block's word wrap and its "wider than its box" mark, shared by the React hook
 * (./index.tsx) and adopted blocks (./adopted.ts).
 */

/** The attribute that says a block's code is wider than its box (shows the word-wrap button). */
export const SCROLLABLE_ATTRIBUTE = 'data-code-scrollable';

const pending = new Set<HTMLPreElement>();
let scheduled = false;

/**
 * Measures every block that asked, in one animation frame: all reads, then all writes, so a page
 * of thirty blocks forces one layout, not thirty.
 */
export function measureSoon(pre: HTMLPreElement): void {
  pending.add(pre);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const blocks = [...pending];
    pending.clear();
    const scrollable = blocks.map(
      (block) =>
        block.scrollWidth > block.clientWidth ||
        block.querySelector('code')?.hasAttribute('style') === true,
    );
    blocks.forEach((block, index) => {
      block.parentElement?.toggleAttribute(SCROLLABLE_ATTRIBUTE, scrollable[index]);
    });
  });
}

/** Wraps long lines of `code`, or stops wrapping them. */
export function setWordWrap(code: HTMLElement, enabled: boolean): void {
  if (!enabled) {
    code.removeAttribute('style');
    return;
  }
  code.style.whiteSpace = 'pre-wrap';
  // As Docusaurus does: very long tokens wrap too, so no scrollbar is left.
  code.style.overflowWrap = 'anywhere';
}
