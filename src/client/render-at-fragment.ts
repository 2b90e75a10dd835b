/**
 * Docusaurus client module: while the address names a place on the page (`#…`), the page's
 * blocks are all rendered, not skipped off screen (content-visibility in src/css/custom.css), so
 * the place the browser scrolls to is where it stays. The CSS `:target` covers the browser's own
 * fragment navigation; an in-app navigation changes the address with the History API, which
 * `:target` does not see, so this marks the document before the new page renders and
 * Docusaurus scrolls to the fragment.
 */
import type { ClientModule } from '@docusaurus/types';

// An attribute, not a class: Docusaurus's Head sets the `class` of <html> on every route.
const MARK = 'data-at-fragment';

const module: ClientModule = {
  onRouteUpdate({ location }) {
    document.documentElement.toggleAttribute(MARK, location.hash.length > 1);
  },
};

export default module;
