/**
 * A React commit probe for production builds: a stand-in for the React DevTools global hook,
 * installed before the page's scripts run. React (react-dom 19, production too) calls
 * `hook.inject(renderer)` once and `hook.onCommitFiberRoot(id, root)` after every commit
 * (react-dom's ReactFiberDevToolsHook); the probe walks the committed fiber tree and records,
 * per commit, which component fibers rendered and which DOM nodes were created, grouped by the
 * kind of page content they belong to, and what started each re-render (a hook's state or a
 * context). It also leaves a User Timing mark per commit, so a performance trace shows where
 * each commit happened.
 *
 * How "rendered" is told apart from "kept": React reuses the fiber object of a subtree that
 * bailed out, and works on a fresh (alternate) object for every fiber it renders, so a fiber
 * object not present after the previous commit was rendered in this one; among those, a
 * component fiber rendered its function only if React flagged it PerformedWork (flag 1; the
 * same test React DevTools uses in `didFiberRender`).
 *
 * The probe is a string, not a function, so no bundler helper leaks into the page.
 */

/** Kinds of page content a commit is attributed to, from the DOM node a fiber renders. */
export const CONTENT_KINDS = [
  'code block',
  'recommendation box',
  'table',
  'details',
  'tabs',
  'table of contents',
  'diagram',
  'other page content',
  'page frame (article)',
  'navbar',
  'sidebar',
  'frame',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Kinds that are "the page's content": a commit in these after hydration is a re-render of the page. */
export const PAGE_CONTENT_KINDS: readonly ContentKind[] = [
  'code block',
  'recommendation box',
  'table',
  'details',
  'tabs',
  'table of contents',
  'diagram',
  'other page content',
  'page frame (article)',
];

export interface KindCount {
  /** Component fibers whose function ran in this commit. */
  rendered: number;
  /** Host (DOM element) fibers created in this commit (mounted, not hydrated). */
  createdElements: number;
  /** Host fibers hydrated (adopted from the server HTML) in this commit. */
  hydratedElements: number;
}

/** Where a re-render started: a component whose parent did not render. */
export interface CommitOrigin {
  kind: ContentKind;
  /** The component's name as the bundle has it (minified in production). */
  component: string;
  /** `state` (a hook's state changed), `context`, `props` or `mount`. */
  cause: 'state' | 'context' | 'props' | 'mount' | 'unknown';
  /** The first DOM element the component renders, e.g. `div.theme-code-block`. */
  element: string;
}

export interface CommitRecord {
  index: number;
  /** performance.now() at the commit. */
  at: number;
  /** The first commit of a root is its hydration. */
  hydration: boolean;
  /** A pointer, key or wheel event happened before this commit. */
  afterUserInput: boolean;
  byKind: Partial<Record<ContentKind, KindCount>>;
  origins: CommitOrigin[];
}

export interface ProbeState {
  commits: CommitRecord[];
  injected: number;
}

/** The global the probe stores its records in. */
export const PROBE_GLOBAL = '__reactCommitProbe';

/** The global holding a Map from component function to the kinds of content it rendered. */
export const FUNCTIONS_GLOBAL = '__reactCommitProbeFunctions';

/** The mark name of commit `n` in a trace. */
export const COMMIT_MARK_PREFIX = 'react-commit-';

export const REACT_COMMIT_PROBE = String.raw`(() => {
  if (window.${PROBE_GLOBAL}) return;
  // react-reconciler's WorkTags: function, class, forwardRef, memo, simple memo components.
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]);
  // HostComponent, HostHoistable, HostSingleton.
  const HOST_TAGS = new Set([5, 26, 27]);
  const PERFORMED_WORK = 1;
  const state = { commits: [], injected: 0 };
  let userInput = false;
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    addEventListener(type, (event) => { if (event.isTrusted) userInput = true; }, { capture: true, passive: true });
  }
  window.${PROBE_GLOBAL} = state;
  // Component functions by kind, for matching CPU profile frames (kept out of the records).
  const functions = new Map();
  window.${FUNCTIONS_GLOBAL} = functions;
  const previous = new Map();
  const describe = (element) => {
    if (!element) return '(none)';
    const classes = [...element.classList].filter((name) => !/_[A-Za-z0-9-]{4,}$/.test(name)).slice(0, 2);
    return element.localName + classes.map((name) => '.' + name).join('');
  };
  const classify = (element) => {
    if (!element || !element.closest) return 'frame';
    if (element.closest('.theme-code-block')) return 'code block';
    if (element.closest('section[id^="R-"]')) return 'recommendation box';
    if (element.closest('.table-of-contents, .theme-doc-toc-mobile, .theme-doc-toc-desktop')) return 'table of contents';
    if (element.closest('.mermaid-diagram')) return 'diagram';
    if (element.closest('table')) return 'table';
    if (element.closest('[role="tabpanel"], .tabs-container, [role="tablist"]')) return 'tabs';
    if (element.closest('details')) return 'details';
    if (element.closest('.theme-doc-markdown')) return 'other page content';
    if (element.closest('article')) return 'page frame (article)';
    if (element.closest('nav.navbar')) return 'navbar';
    if (element.closest('.theme-doc-sidebar-container, nav.menu')) return 'sidebar';
    return 'frame';
  };
  // The DOM element a fiber stands for: its first host descendant, else its host ancestor.
  const elementOf = (fiber) => {
    let node = fiber;
    while (node) {
      if (HOST_TAGS.has(node.tag) && node.stateNode instanceof Element) return node.stateNode;
      if (node.tag === 6 && node.stateNode) return node.stateNode.parentElement;
      node = node.child;
    }
    node = fiber.return;
    while (node) {
      if (HOST_TAGS.has(node.tag) && node.stateNode instanceof Element) return node.stateNode;
      node = node.return;
    }
    return null;
  };
  const nameOf = (fiber) => {
    const type = fiber.type;
    if (!type) return '?';
    if (typeof type === 'function') return type.displayName || type.name || '(anonymous)';
    if (type.displayName) return type.displayName;
    if (type.render) return type.render.displayName || type.render.name || 'forwardRef';
    if (type.type) return (type.type.displayName || type.type.name || 'memo');
    return '?';
  };
  const causeOf = (fiber) => {
    const old = fiber.alternate;
    if (!old) return 'mount';
    let hook = fiber.memoizedState;
    let oldHook = old.memoizedState;
    if (fiber.tag === 1) {
      if (fiber.memoizedState !== old.memoizedState) return 'state';
    } else {
      while (hook && oldHook && typeof hook === 'object' && 'next' in hook) {
        if (hook.memoizedState !== oldHook.memoizedState && hook.queue) return 'state';
        hook = hook.next;
        oldHook = oldHook.next;
      }
    }
    if (fiber.memoizedProps !== old.memoizedProps) return 'props';
    if (fiber.dependencies && fiber.dependencies.firstContext) return 'context';
    return 'unknown';
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject(renderer) {
      state.injected += 1;
      this.renderers.set(state.injected, renderer);
      return state.injected;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(rendererId, root) {
      const before = previous.get(root) || null;
      const seen = new WeakSet();
      const byKind = {};
      const origins = [];
      const bump = (kind, field) => {
        const entry = byKind[kind] || (byKind[kind] = { rendered: 0, createdElements: 0, hydratedElements: 0 });
        entry[field] += 1;
      };
      // Depth-first over the committed tree; renderedAbove says whether a component ancestor rendered.
      const stack = [[root.current, false]];
      while (stack.length > 0) {
        const [fiber, renderedAbove] = stack.pop();
        seen.add(fiber);
        const fresh = before === null || !before.has(fiber);
        let rendered = false;
        if (fresh && COMPONENT_TAGS.has(fiber.tag) && (fiber.flags & PERFORMED_WORK) !== 0) {
          rendered = true;
          const element = elementOf(fiber);
          const kind = classify(element);
          bump(kind, 'rendered');
          const type = typeof fiber.type === 'function' ? fiber.type : fiber.type && (fiber.type.render || fiber.type.type);
          if (typeof type === 'function') {
            const kinds = functions.get(type) || new Set();
            kinds.add(kind);
            functions.set(type, kinds);
          }
          if (before !== null && !renderedAbove) {
            origins.push({ kind, component: nameOf(fiber), cause: causeOf(fiber), element: describe(element) });
          }
        } else if (fresh && HOST_TAGS.has(fiber.tag) && fiber.alternate === null && fiber.stateNode instanceof Element) {
          const kind = classify(fiber.stateNode);
          bump(kind, before === null ? 'hydratedElements' : 'createdElements');
        }
        for (let child = fiber.child; child; child = child.sibling) {
          stack.push([child, renderedAbove || rendered]);
        }
      }
      previous.set(root, seen);
      const index = state.commits.length;
      const hydration = before === null;
      state.commits.push({ index, at: performance.now(), hydration, afterUserInput: userInput, byKind, origins });
      try {
        performance.mark('${COMMIT_MARK_PREFIX}' + index, { detail: { hydration } });
      } catch {}
    },
  };
})();`;

/** The commits after the first (hydration) commit that rendered page content without user input. */
export function contentRerenders(commits: readonly CommitRecord[]): CommitRecord[] {
  return commits.filter(
    (commit) =>
      !commit.hydration &&
      !commit.afterUserInput &&
      PAGE_CONTENT_KINDS.some((kind) => {
        const count = commit.byKind[kind];
        return count !== undefined && count.rendered + count.createdElements > 0;
      }),
  );
}
