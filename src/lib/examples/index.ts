/** Build and run the fork-pattern C examples against real PKCS#11 modules; collect results. */
export * from './catalog';
export * from './build';
export * from './modules';
export * from './module-config';
export * from './host-modules';
export * from './keygen';
export * from './proc';
export * from './reference-daemon';
export * from './service';
export * from './results';
export * from './results-compare';
export * from './results-text';
export * from './shown-results';
export * from './run';
export * from './run-plan';
export * from './run-output';
export * from './files';
export * from './hazard';
export * from './machine';
export * from './statistics';
export * from './device-stacks';
export * from './opensc-stack';
export * from './tpm2-stack';
export * from './environment';
export * from './parent-damage';
export { describeEnvironment, environmentProblems } from './environment-report';
export {
  describeTimings,
  formatResults,
  judgeMatrixRun,
  type MatrixVerdict,
} from './matrix-report';
