/**
 * What may import what (ARCHITECTURE.md, "What may import what"), as checks over the import graph.
 * Each finding names the importing file and line, the imported file, and the rule it breaks.
 */
import type { ImportEdge } from './graph';

export interface ImportFinding {
  file: string;
  line: number;
  rule: 'library-imports-cli' | 'production-imports-test' | 'import-cycle';
  message: string;
}

// Development tools that build synthetic archives and fake servers may use the test doubles.
const MAY_USE_TEST_SUPPORT = [/^scripts\/bench-[^/]+\.ts$/, /^src\/lib\/bench\//];

const isLibrary = (file: string): boolean =>
  file.startsWith('src/lib/') && !file.startsWith('src/lib/cli/');
const isProduction = (file: string): boolean =>
  file.startsWith('src/') || file.startsWith('scripts/');

function libraryImportsCli(edge: ImportEdge): ImportFinding | undefined {
  if (!isLibrary(edge.from) || !edge.to.startsWith('src/lib/cli/')) return undefined;
  return {
    file: edge.from,
    line: edge.line,
    rule: 'library-imports-cli',
    message: `${edge.from} imports ${edge.to}; a library throws the errors of src/lib/errors.ts and leaves exit codes to the CLI`,
  };
}

function productionImportsTest(edge: ImportEdge): ImportFinding | undefined {
  if (!isProduction(edge.from) || !edge.to.startsWith('test/')) return undefined;
  if (MAY_USE_TEST_SUPPORT.some((pattern) => pattern.test(edge.from))) return undefined;
  return {
    file: edge.from,
    line: edge.line,
    rule: 'production-imports-test',
    message: `${edge.from} imports ${edge.to}; what the site, the CLIs, the syncs and the PDF run never imports test/`,
  };
}

/** Every cycle of the graph, once each, as the list of files it passes through (Tarjan's SCCs). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) cycles.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** All findings for a graph, in file and line order. */
export function checkImportRules(edges: readonly ImportEdge[]): ImportFinding[] {
  const findings = edges.flatMap((edge) =>
    [libraryImportsCli(edge), productionImportsTest(edge)].filter(
      (finding): finding is ImportFinding => finding !== undefined,
    ),
  );
  for (const cycle of findCycles(edges)) {
    const first = cycle[0] ?? '';
    findings.push({
      file: first,
      line: edges.find((edge) => edge.from === first && cycle.includes(edge.to))?.line ?? 1,
      rule: 'import-cycle',
      message: `import cycle through ${cycle.join(' → ')}`,
    });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
