/**
 * Moving through the built site in one browser page: wait for hydration, navigate the way the
 * site's own links do (one page load for the whole guide), and read the guide's routes from the
 * sidebar.
 */
import type { Page } from '@playwright/test';

export async function settle(page: Page): Promise<void> {
  await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: 30_000 });
}

/**
 * Moves the hydrated site to another route the way its links do (history API and the router's
 * popstate listener), and waits until the route's page is there: its canonical link names it.
 */
export async function navigate(page: Page, route: string): Promise<void> {
  const trim = (path: string): string => path.replace(/\/+$/, '') || '/';
  if (trim(new URL(page.url()).pathname) !== trim(route)) {
    await page.evaluate((target) => {
      // The old page's heading goes when the new page's content replaces it: under load the
      // head (canonical link) can already name the new route while the old content still shows.
      document.querySelector('main h1')?.setAttribute('data-pdf-previous', '');
      window.history.pushState(null, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, route);
  }
  await page.waitForFunction(
    (target) => {
      const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
      const at = canonical ? new URL(canonical.href).pathname.replace(/\/+$/, '') || '/' : '';
      return at === target && document.querySelector('[data-pdf-previous]') === null;
    },
    trim(route),
    { timeout: 30_000 },
  );
  await settle(page);
}

/** The guide's routes in sidebar order, read from the built page's sidebar. */
export async function guideRoutes(page: Page, baseUrl: string): Promise<string[]> {
  const paths = await page.$$eval('.theme-doc-sidebar-menu a.menu__link[href]', (links) =>
    links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
  );
  const guide = `${baseUrl}guide/`;
  const seen = new Set<string>();
  return paths
    .map((p) => p.replace(/\/+$/, '') || '/')
    .filter((p) => `${p}/`.startsWith(guide) && !seen.has(p) && seen.add(p));
}
