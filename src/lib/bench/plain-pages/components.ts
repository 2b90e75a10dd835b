/**
 * Every JSX element of a guide page replaced by the plain Markdown of what it shows, and the
 * page's imports and exports dropped. An element this file does not know fails loudly: a new
 * component must be given its plain form here, or the baseline would silently lose its content.
 */
import type { BlockContent, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { visit, SKIP } from 'unist-util-visit';
import { InvalidInputError } from '../../errors';
import type { GuideData } from './data';
import { paragraph } from './mdast';
import { probeReportsBlocks } from './probe-reports';
import { claimPhrasing, recommendationBlocks } from './recommendations';
import { hazardRunsBlocks, resultsMatrixTable, resultsModulesTable } from './results-tables';

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

function idOf(element: JsxElement): string | undefined {
  const attribute = element.attributes.find(
    (candidate): candidate is MdxJsxAttribute =>
      candidate.type === 'mdxJsxAttribute' && candidate.name === 'id',
  );
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}

function fail(element: JsxElement, page: string, problem: string): never {
  const line = element.position?.start.line ?? 0;
  throw new InvalidInputError(`${page}:${line}: <${element.name ?? ''}>: ${problem}`);
}

/** The blocks a flow element shows. */
function flowBlocks(
  element: JsxElement,
  data: GuideData,
  page: string,
  citedInText: ReadonlySet<string>,
): BlockContent[] {
  switch (element.name) {
    case 'Recommendation': {
      const view = data.recommendations.get(idOf(element) ?? '');
      if (view === undefined) fail(element, page, 'no such recommendation in the registry');
      return recommendationBlocks(view, citedInText);
    }
    case 'ResultsModules':
      return resultsModulesTable(data.results);
    case 'ResultsMatrix':
      return resultsMatrixTable(data.results);
    case 'HazardRuns':
      return hazardRunsBlocks(data.results);
    case 'ProbeReports':
      return probeReportsBlocks(data.probeReports);
    case 'Claim':
      return [paragraph(...claimPhrasing(claimOf(element, data, page)))];
    default:
      return fail(element, page, 'no plain form known (src/lib/bench/plain-pages/components.ts)');
  }
}

function claimOf(element: JsxElement, data: GuideData, page: string) {
  const id = idOf(element);
  for (const view of data.recommendations.values()) {
    const claim = view.claims.find((candidate) => candidate.id === id);
    if (claim) return claim;
  }
  return fail(element, page, 'no such claim in the registry');
}

/** `page` names the source in errors (e.g. docs/guide/applications.mdx). */
export function replaceComponents(tree: Root, data: GuideData, page: string): void {
  const citedInText = new Set<string>();
  visit(tree, ['mdxJsxFlowElement', 'mdxJsxTextElement'], (node) => {
    const element = node as JsxElement;
    if (element.name === 'Claim') citedInText.add(idOf(element) ?? '');
  });
  visit(tree, (node, index, parent: Parent | undefined) => {
    if (parent === undefined || index === undefined) return undefined;
    if (node.type === 'mdxjsEsm') {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    if (node.type === 'mdxJsxTextElement') {
      const element = node as MdxJsxTextElement;
      if (element.name !== 'Claim') fail(element, page, 'only <Claim> may stand in running text');
      const phrasing: PhrasingContent[] = claimPhrasing(claimOf(element, data, page));
      parent.children.splice(index, 1, ...(phrasing as RootContent[]));
      return [SKIP, index + phrasing.length];
    }
    if (node.type === 'mdxJsxFlowElement') {
      const blocks = flowBlocks(node as MdxJsxFlowElement, data, page, citedInText);
      parent.children.splice(index, 1, ...blocks);
      return [SKIP, index + blocks.length];
    }
    return undefined;
  });
}
