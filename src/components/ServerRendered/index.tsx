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
 * later render of the parent cannot switch it; should React have rendered the element afresh
 * after all (its children missing), it renders them before the browser paints.
 * ARCHITECTURE.md, "Guide page speed".
 */
import {
  cloneElement,
  createElement,
  isValidElement,
  useLayoutEffect,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import { registerAdopted } from './links';

export { useAdoptedLinks } from './links';

/** Set by the first commit that holds a ServerRendered: hydration is over from then on. */
let hydrationOver = false;

/**
 * True while the browser hydrates the first page it loaded. The built HTML says
 * `<html data-has-hydrated="false">` (the development server's page, which React renders
 * itself, says nothing) and Docusaurus sets it to "true" once hydration is over, but only after
 * its own effects have run: a component that remounts in such an effect (Docusaurus's Tabs key
 * on useIsBrowser) must not be taken for hydration, hence the flag as well.
 */
function isFirstHydration(): boolean {
  return (
    typeof document !== 'undefined' &&
    !hydrationOver &&
    document.documentElement.getAttribute('data-has-hydrated') === 'false'
  );
}

/** An element that renders nothing of its own children in the browser's first hydration. */
const ADOPTED = { __html: '' } as const;

export interface Props {
  /**
   * One element: a host element, or a component that passes its props on to one, unless `as`
   * is given.
   */
  children: ReactNode;
  /**
   * The tag of the element `children` renders, for a component that does not pass its props on
   * (a heading with its anchor link). React adopts an element by its tag alone; it compares no
   * attributes when it hydrates (react-dom 19, production).
   */
  as?: 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
  /**
   * Gives the adopted element what its React parts would have (listeners, measurements);
   * returns their clean-up. Not called when React renders the element itself. Keep it stable
   * (a module-level function).
   */
  onAdopt?: (element: Element) => () => void;
}

export default function ServerRendered({ children, as, onAdopt }: Props): ReactNode {
  const [adopt, setAdopt] = useState(isFirstHydration);
  const elementRef = useRef<Element>(null);
  useLayoutEffect(() => {
    hydrationOver = true;
    const element = elementRef.current;
    if (!adopt || element === null) return undefined;
    // Empty means React did not hydrate but rendered afresh (it does after a hydration error):
    // render the children after all, before the browser paints.
    if (!element.hasChildNodes()) {
      setAdopt(false);
      return undefined;
    }
    const forget = registerAdopted(element);
    const unwire = onAdopt?.(element);
    return () => {
      forget();
      unwire?.();
    };
  }, [adopt, onAdopt]);
  if (!adopt || !isValidElement(children)) return children;
  const shell = {
    dangerouslySetInnerHTML: ADOPTED,
    suppressHydrationWarning: true,
    ref: elementRef,
  };
  if (as !== undefined) return createElement(as, shell);
  return cloneElement(children as ReactElement<Record<string, unknown>>, {
    children: undefined,
    ...shell,
  });
}
