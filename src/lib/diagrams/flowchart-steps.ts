/**
 * A Mermaid decision flowchart as numbered steps, for screens too narrow for its drawing: each
 * question (a `{rhombus}` node) is a step, each of its answers either ends at an outcome (the
 * text of the node it leads to) or goes to another step. Reads the subset of Mermaid's flowchart
 * syntax the site's charts use (https://mermaid.js.org/syntax/flowchart.html): node shapes
 * `id[…]`, `id["…"]`, `id(…)`, `id([…])`, `id{…}`, edges `a --> b`, `a -- label --> b`,
 * `a -- "label" --> b` and `a -->|label| b`. Anything else makes it give up (undefined), and the
 * page shows the drawing alone.
 */

export interface FlowchartAnswer {
  label: string;
  /** The step the answer leads to (1-based), or the outcome's lines when it ends there. */
  next: { step: number } | { outcome: string[] };
}

export interface FlowchartStep {
  number: number;
  question: string;
  answers: FlowchartAnswer[];
}

export interface FlowchartSteps {
  /** The text of the start node, when the chart has one that is not a question. */
  start: string | undefined;
  steps: FlowchartStep[];
}

interface Node {
  id: string;
  lines: string[];
  question: boolean;
}

interface Edge {
  from: string;
  to: string;
  label: string;
}

const NODE = String.raw`([A-Za-z][\w-]*)(?:\(\[(.+?)\]\)|\{(.+?)\}|\["(.+?)"\]|\[(.+?)\]|\((.+?)\))?`;
const EDGE = new RegExp(
  String.raw`^${NODE}\s*(?:--\s*"([^"]*)"\s*-->|--\s*([^-"|][^>]*?)\s*-->|-->\|([^|]*)\||-->)\s*${NODE}\s*;?$`,
);
const LONE_NODE = new RegExp(String.raw`^${NODE}\s*;?$`);

const lines = (text: string): string[] =>
  text
    .replace(/^"|"$/g, '')
    .split(/<br\s*\/?>/i)
    .map((line) => line.trim())
    .filter(Boolean);

/** The steps of a `flowchart TD`/`graph TD` source, or undefined if it is not one this reads. */
export function flowchartSteps(source: string): FlowchartSteps | undefined {
  const [header, ...body] = source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('%%'));
  if (header === undefined || !/^(?:flowchart|graph)\s+(?:TD|TB)$/.test(header)) return undefined;
  const nodes = new Map<string, Node>();
  const order: string[] = [];
  const edges: Edge[] = [];
  const define = (groups: (string | undefined)[]): string | undefined => {
    const [id, stadium, rhombus, quoted, square, round] = groups;
    if (id === undefined) return undefined;
    const text = stadium ?? rhombus ?? quoted ?? square ?? round;
    const known = nodes.get(id);
    if (text !== undefined || known === undefined) {
      nodes.set(id, {
        id,
        lines: text === undefined ? (known?.lines ?? [id]) : lines(text),
        question: rhombus !== undefined || (known?.question ?? false),
      });
      if (known === undefined) order.push(id);
    }
    return id;
  };
  for (const line of body) {
    if (/^(?:accTitle|accDescr)\s*:/.test(line)) continue;
    const edge = EDGE.exec(line);
    if (edge) {
      const from = define(edge.slice(1, 7));
      const label = (edge[7] ?? edge[8] ?? edge[9] ?? '').trim();
      const to = define(edge.slice(10, 16));
      if (from === undefined || to === undefined) return undefined;
      edges.push({ from, to, label });
      continue;
    }
    const lone = LONE_NODE.exec(line);
    if (lone) {
      define(lone.slice(1, 7));
      continue;
    }
    return undefined;
  }
  const questions = order.filter((id) => nodes.get(id)?.question);
  if (questions.length === 0) return undefined;
  const stepOf = new Map(questions.map((id, index) => [id, index + 1]));
  const first = order[0];
  const start = first !== undefined && !nodes.get(first)?.question ? first : undefined;
  const steps: FlowchartStep[] = [];
  for (const id of questions) {
    const answers: FlowchartAnswer[] = [];
    for (const edge of edges.filter((candidate) => candidate.from === id)) {
      const step = stepOf.get(edge.to);
      const target = nodes.get(edge.to);
      if (target === undefined) return undefined;
      answers.push({
        label: edge.label === '' ? 'then' : edge.label,
        next: step === undefined ? { outcome: target.lines } : { step },
      });
    }
    steps.push({
      number: stepOf.get(id) ?? 0,
      question: nodes.get(id)?.lines.join(' ') ?? id,
      answers,
    });
  }
  return {
    start: start === undefined ? undefined : nodes.get(start)?.lines.join(' '),
    steps,
  };
}
