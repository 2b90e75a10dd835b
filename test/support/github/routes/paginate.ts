/**
 * GitHub's pagination: `per_page` (default 30, at most 100) and `page`, with a Link header whose
 * URLs name the repository by id (`/repositories/{id}`), as api.github.com's do.
 */
import type { Reply, RouteRequest } from '../replies';
import { REPOSITORY_ID, type FakeState } from '../state';

export function paginate(state: FakeState, request: RouteRequest, items: unknown[]): Reply {
  const perPageAsked = Number(request.query.get('per_page') ?? 30);
  const perPage =
    Number.isInteger(perPageAsked) && perPageAsked >= 1 ? Math.min(perPageAsked, 100) : 30;
  const pageAsked = Number(request.query.get('page') ?? 1);
  const page = Number.isInteger(pageAsked) && pageAsked >= 1 ? pageAsked : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams(request.query);
    query.delete('page');
    query.append('page', String(target));
    const path = request.path.replace(
      `/repos/${state.owner}/${state.repo}`,
      `/repositories/${REPOSITORY_ID}`,
    );
    return `<${state.shapes.origin()}${path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    status: 200,
    body: slice,
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}
