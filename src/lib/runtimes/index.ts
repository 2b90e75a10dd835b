/** Runtime and process-creation facts (examples/runtimes): build, run, results file. */
export * from './results';
export * from './run';
export * from './python-hazard';
export * from './cases';
