/**
 * remark plugin: gives each `<Recommendation id="…" />` and `<Claim id="…" />` of an MDX page
 * the registry data it shows, as a `view` or `claim` prop written into the page.
 *
 * The data used to reach the components as Docusaurus global data, which is part of the bundle
 * every page loads (about 6 KB gzip for the whole registry). Written into the page, each page
 * carries only the recommendations and claims it cites. An id the registry does not have fails
 * the build at the element's line.
 */
import path from 'node:path';
import type { Program } from 'estree';
import { valueToEstree } from 'estree-util-value-to-estree';
import type { Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { readResults } from '../../lib/examples/files';
import { readRuntimes, RUNTIMES_RESULTS_FILE } from '../../lib/runtimes/results';
import { loadRegistry } from '../../lib/recommendations/load';
import {
  recommendationViews,
  shownClaim,
  shownRecommendation,
  type MeasuredClaim,
  type RecommendationView,
} from '../../lib/recommendations/view';

export interface Options {
  /** The site folder (with `docs/guide/recommendations.yaml` and `examples/`). Required. */
  siteDir: string;
  /** Base of links to a file in the repository, e.g. `https://github.com/o/r/blob/main/`. */
  fileUrl: string;
}

interface Views {
  recommendations: Map<string, RecommendationView>;
  claims: Map<string, MeasuredClaim>;
}

/** The component each element name is, and the prop it receives. */
const ELEMENTS = { Recommendation: 'view', Claim: 'claim' } as const;
type ElementName = keyof typeof ELEMENTS;

// Loaded once per process, as the other remark plugins do: restart `npm start` after editing the
// registry or the results.
const cache = new Map<string, Promise<Views>>();

async function loadViews(siteDir: string, fileUrl: string): Promise<Views> {
  const loaded = await loadRegistry(siteDir);
  // The recommendations plugin reports registry findings with their lines and fails the build;
  // without a registry there is nothing to give the pages.
  if (!loaded.registry) return { recommendations: new Map(), claims: new Map() };
  const results = await readResults(path.join(siteDir, 'examples', 'results.json'));
  const runtimes = await readRuntimes(path.join(siteDir, RUNTIMES_RESULTS_FILE));
  const views = recommendationViews(loaded.registry, results, fileUrl, runtimes);
  return {
    recommendations: new Map(views.map((view) => [view.id, view])),
    claims: new Map(views.flatMap((view) => view.claims.map((claim) => [claim.id, claim]))),
  };
}

/** An element of one of the two components. */
type CitingElement = (MdxJsxFlowElement | MdxJsxTextElement) & { name: ElementName };

function isCitingElement(node: MdxJsxFlowElement | MdxJsxTextElement): node is CitingElement {
  return node.name !== null && Object.hasOwn(ELEMENTS, node.name);
}

function idOf(node: MdxJsxFlowElement | MdxJsxTextElement): string | undefined {
  const attribute = node.attributes.find(
    (candidate): candidate is MdxJsxAttribute =>
      candidate.type === 'mdxJsxAttribute' && candidate.name === 'id',
  );
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}

/** A JSX attribute whose value is `value`, as MDX compiles an `{…}` expression. */
export function dataAttribute(name: string, value: unknown): MdxJsxAttribute {
  const program: Program = {
    type: 'Program',
    sourceType: 'module',
    body: [{ type: 'ExpressionStatement', expression: valueToEstree(value) }],
  };
  return {
    type: 'mdxJsxAttribute',
    name,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: JSON.stringify(value),
      data: { estree: program },
    },
  };
}

export default function remarkRecommendationProps(
  options: Options,
): (tree: Root, file: VFile) => Promise<void> {
  if (!path.isAbsolute(options.siteDir)) {
    throw new Error(`remarkRecommendationProps: siteDir must be absolute; got ${options.siteDir}`);
  }
  return async (tree: Root, file: VFile) => {
    const elements: CitingElement[] = [];
    visit(tree, ['mdxJsxFlowElement', 'mdxJsxTextElement'], (node) => {
      const element = node as MdxJsxFlowElement | MdxJsxTextElement;
      if (isCitingElement(element)) elements.push(element);
    });
    if (elements.length === 0) return;
    const key = `${options.siteDir}\n${options.fileUrl}`;
    let loading = cache.get(key);
    if (loading === undefined) {
      loading = loadViews(options.siteDir, options.fileUrl);
      cache.set(key, loading);
    }
    const views = await loading;
    const citedInText = new Set(
      elements.filter((e) => e.name === 'Claim').flatMap((e) => idOf(e) ?? []),
    );
    for (const element of elements) {
      const id = idOf(element);
      const where = `<${element.name} id="${id ?? ''}" />`;
      if (id === undefined) {
        file.fail(`<${element.name} />: give the registry id as a plain id="…" attribute`, element);
      }
      const view = element.name === 'Recommendation' ? views.recommendations.get(id) : undefined;
      const claim = element.name === 'Claim' ? views.claims.get(id) : undefined;
      // The page carries what it prints, not the check's own fields.
      const data = view
        ? shownRecommendation(view, citedInText)
        : claim
          ? shownClaim(claim)
          : undefined;
      if (data === undefined) {
        file.fail(
          `${where}: no such ${element.name === 'Recommendation' ? 'recommendation' : 'claim'} in docs/guide/recommendations.yaml`,
          element,
        );
      }
      element.attributes = [
        ...element.attributes.filter(
          (attribute) =>
            attribute.type !== 'mdxJsxAttribute' || attribute.name !== ELEMENTS[element.name],
        ),
        dataAttribute(ELEMENTS[element.name], data),
      ];
    }
  };
}
