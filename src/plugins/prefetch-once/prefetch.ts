/**
 * Runs in the browser in place of Docusaurus's prefetch helper (see ./index.ts). The contract is
 * the helper's: `prefetch(url)` fetches one file into the cache and resolves once it is there or
 * has failed, never rejecting. A URL already asked for is not asked for again; one that failed
 * may be asked for again later.
 */
const requested = new Map<string, Promise<void>>();

/** Asked once, when the module loads; false where there is no document (the server render). */
const LINK_PREFETCH = ((): boolean => {
  try {
    return document.createElement('link').relList.supports('prefetch');
  } catch {
    return false;
  }
})();

/** Resolves true when the file came, false when it did not. */
function prefetchWithLink(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = url;
    link.onload = () => {
      resolve(true);
    };
    link.onerror = () => {
      link.remove();
      resolve(false);
    };
    document.head.appendChild(link);
  });
}

function prefetchWithFetch(url: string): Promise<boolean> {
  return fetch(url, { credentials: 'include' }).then(
    (response) => response.ok,
    () => false,
  );
}

export default function prefetch(url: string): Promise<void> {
  const known = requested.get(url);
  if (known !== undefined) return known;
  const fetched = LINK_PREFETCH ? prefetchWithLink(url) : prefetchWithFetch(url);
  const done = fetched.then((ok) => {
    if (!ok) requested.delete(url);
  });
  requested.set(url, done);
  return done;
}
