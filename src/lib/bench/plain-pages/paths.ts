/** Where the plain site serves a guide page (its docs are under /docs/, the project's at /). */

/** `guide/applications` → `docs/guide/applications`; `guide/` → `docs/guide/`. */
export function plainPathOf(guidePath: string): string {
  return `docs/${guidePath}`;
}
