/**
 * Lighthouse for the site benchmark: a debuggable Chromium per run (chromium.ts), the run
 * (run.ts), and its reduction to the figures bench:site compares (summary.ts, types.ts).
 */
export { launchDebuggableChromium, type DebuggableChromium } from './chromium';
export { runLighthouse } from './run';
export { summariseLighthouse } from './summary';
export * from './types';
