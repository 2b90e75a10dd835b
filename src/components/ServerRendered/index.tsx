/**
 * Content React renders on the server and leaves alone in the browser when the page first loads.
 *
 * Hydration walks every element and component of a page to attach React to the server's HTML.
 * For prose, tables and recommendation boxes there is nothing to attach: no state, no handlers
 * (links get what Docusaurus's `<Link>` gives them from ./links.ts). `ServerRendered` wraps one such element.
 * On the server, and whenever React renders it afresh (after a client-side navigation), it
 * renders the element as it is. While the first page load hydrates, it renders the same element
 * with `dangerouslySetInnerHTML` of an empty string instead of children: React then adopts the
 * element without descending into it, and keeps the server's children untouched (react-dom 19,
 * `shouldSetTextContent` makes hydration skip such an element's content and never clears it),
 * so nothing inside costs a component call. The mode is chosen once per mounted element, so a
 * later render of the parent cannot switch it. ARCHITECTURE.md, "Guide page speed".
 */
import { cloneElement, isValidElement, useState, type ReactElement, type ReactNode } from 'react';
import { registerAdopted } from './links';

export { useAdoptedLinks } from './links';

/**
 * True while the browser hydrates the first page it loaded: Docusaurus sets
 * `<html data-has-hydrated="true">` once hydration is over; before that (and without it) the
 * element comes from the server's HTML.
 */
function isFirstHydration(): boolean {
  return (
    typeof document !== 'undefined' &&
    document.documentElement.getAttribute('data-has-hydrated') !== 'true'
  );
}

/** An element that renders nothing of its own children in the browser's first hydration. */
const ADOPTED = { __html: '' } as const;

export default function ServerRendered({ children }: { children: ReactNode }): ReactNode {
  const [adopt] = useState(isFirstHydration);
  if (!adopt || !isValidElement(children)) return children;
  return cloneElement(children as ReactElement<Record<string, unknown>>, {
    children: undefined,
    dangerouslySetInnerHTML: ADOPTED,
    suppressHydrationWarning: true,
    ref: registerAdopted,
  });
}
