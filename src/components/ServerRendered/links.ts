/**
 * Links inside blocks the browser adopted without hydrating them (./index.tsx) have no
 * Docusaurus `<Link>` attached, so this gives them what `<Link>` gives an internal link
 * (theme-common 3.10, client/exports/Link.js): a click navigates inside the single-page app
 * instead of loading the page again, pointing at a link preloads its page, and a link that
 * scrolls into view prefetches it. External links (`target="_blank"`), links to a place on the
 * same page and downloads keep the browser's behaviour, as with `<Link>`.
 */
import { useEffect } from 'react';
import { useHistory } from '@docusaurus/router';

/** The blocks adopted on this page, registered by ServerRendered's ref. */
const adopted = new Set<Element>();

export function registerAdopted(element: Element): () => void {
  adopted.add(element);
  return () => {
    adopted.delete(element);
  };
}

function insideAdopted(node: Element): boolean {
  for (let current: Element | null = node; current !== null; current = current.parentElement) {
    if (adopted.has(current)) return true;
  }
  return false;
}

/** As Docusaurus's isInternalUrl: no scheme and not protocol-relative. */
const EXTERNAL = /^(?:\w*:|\/\/)/;

/** The `href` `<Link>` would have handed to the router, or undefined for the browser's own. */
function routedHref(link: HTMLAnchorElement): string | undefined {
  const href = link.getAttribute('href');
  if (href === null || href.startsWith('#') || EXTERNAL.test(href)) return undefined;
  const target = link.getAttribute('target');
  if ((target !== null && target !== '_self') || link.hasAttribute('download')) return undefined;
  return href;
}

function adoptedLink(target: EventTarget | null): HTMLAnchorElement | undefined {
  if (!(target instanceof Element)) return undefined;
  const link = target.closest('a[href]');
  return link instanceof HTMLAnchorElement && insideAdopted(link) ? link : undefined;
}

interface DocusaurusClient {
  prefetch(path: string): unknown;
  preload(path: string): unknown;
}
const client = (): DocusaurusClient | undefined =>
  (window as unknown as { docusaurus?: DocusaurusClient }).docusaurus;

/** Prefetches the pages of adopted links once they are on screen, after the page is idle. */
function prefetchVisibleLinks(): () => void {
  if (!('IntersectionObserver' in window)) return () => undefined;
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const href = routedHref(entry.target as HTMLAnchorElement);
      if (href !== undefined) client()?.prefetch(href);
    }
  });
  const observeLinks = (): void => {
    for (const block of adopted)
      for (const link of block.querySelectorAll('a[href]'))
        if (routedHref(link as HTMLAnchorElement) !== undefined) observer.observe(link);
  };
  // Safari has no requestIdleCallback.
  if ('requestIdleCallback' in window) window.requestIdleCallback(observeLinks);
  else setTimeout(observeLinks, 1);
  return () => {
    observer.disconnect();
  };
}

/** Wires the adopted links of the page; used once, by the doc page layout. */
export function useAdoptedLinks(): void {
  const history = useHistory();
  useEffect(() => {
    const preloaded = new Set<string>();
    const onClick = (event: MouseEvent): void => {
      // A hydrated <Link> has already handled its click (it calls preventDefault).
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = adoptedLink(event.target);
      const href = link && routedHref(link);
      if (href === undefined) return;
      event.preventDefault();
      history.push(href);
    };
    const onPointAt = (event: Event): void => {
      const link = adoptedLink(event.target);
      const href = link && routedHref(link);
      if (href === undefined || preloaded.has(href)) return;
      preloaded.add(href);
      client()?.preload(href);
    };
    document.addEventListener('click', onClick);
    document.addEventListener('mouseover', onPointAt, { passive: true });
    document.addEventListener('touchstart', onPointAt, { passive: true });
    const stopPrefetching = prefetchVisibleLinks();
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('mouseover', onPointAt);
      document.removeEventListener('touchstart', onPointAt);
      stopPrefetching();
    };
  }, [history]);
}
