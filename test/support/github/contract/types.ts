/** The contract's questions and answers, as the fake GitHub and its tests use them. */
export interface OperationMatch {
  operationId: string;
  pathParams: Record<string, string>;
}

export interface RequestToCheck {
  method: string;
  /** URL path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

export type RequestPart = 'path' | 'query' | 'header' | 'body';

export interface RequestCheck {
  /** Undefined when no operation of the contract matches the method and path. */
  operationId?: string;
  violations: string[];
  /**
   * Parts holding values GitHub would refuse (wrong type, enum, missing), so the fake can answer
   * 404/422 as GitHub does. Unknown query parameters are violations but not here: GitHub
   * ignores them.
   */
  invalid: RequestPart[];
}

export interface Contract {
  /** The package, version and file the extract was made from. */
  source: { package: string; version: string; file: string } | undefined;
  operationIds: string[];
  matchOperation(method: string, path: string): OperationMatch | undefined;
  checkRequest(request: RequestToCheck): RequestCheck;
  /** Violations of the response documented for this status; nothing for undocumented ones. */
  checkResponse(operationId: string, status: number, body: unknown): string[];
  /**
   * Violations of one `#/components/schemas/<name>`, each prefixed with `label`: for checks
   * stricter than an operation's own, e.g. a timeline event against the schema of its kind.
   */
  checkSchema(name: string, value: unknown, label: string): string[];
}
