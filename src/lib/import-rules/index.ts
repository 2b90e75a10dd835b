export { readImportGraph, type ImportEdge } from './graph';
export { checkImportRules, findCycles, type ImportFinding } from './rules';
