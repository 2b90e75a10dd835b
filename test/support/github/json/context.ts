/**
 * What every JSON shape needs to know: where the fake listens (API links point at it, web links
 * at github.com, as GitHub's `url` and `html_url` do), the main repository, and user ids.
 */
export interface ShapeContext {
  /** `http://127.0.0.1:<port>`, known once the fake listens. */
  origin(): string;
  /** The main repository: issues, labels and comments live there. */
  owner: string;
  repo: string;
  userId(login: string): number;
}

export function apiUrl(context: ShapeContext, owner: string, name: string): string {
  return `${context.origin()}/repos/${owner}/${name}`;
}

export function webUrl(owner: string, name: string): string {
  return `https://github.com/${owner}/${name}`;
}
