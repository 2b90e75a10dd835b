/**
 * One Lighthouse run against Debian's Chromium, in a Chromium of its own (fresh profile, empty
 * cache), killed again before it returns.
 */
import type { Config, Flags } from 'lighthouse';
import { launchDebuggableChromium } from './chromium';
import { summariseLighthouse } from './summary';
import { CATEGORIES, type FormFactor, type LighthouseSummary } from './types';

/**
 * Runs Lighthouse once on `url`: the default (mobile) config, or the desktop config. Lighthouse
 * is an ES module, hence the dynamic imports.
 */
export async function runLighthouse(
  url: string,
  formFactor: FormFactor,
): Promise<LighthouseSummary> {
  const { default: lighthouse } = await import('lighthouse');
  let config: Config | undefined;
  if (formFactor === 'desktop') {
    config = (await import('lighthouse/core/config/desktop-config.js')).default;
  }
  const chromium = await launchDebuggableChromium();
  try {
    const flags: Flags = {
      port: chromium.port,
      hostname: '127.0.0.1',
      logLevel: 'error',
      output: 'json',
      onlyCategories: [...CATEGORIES],
    };
    const result = await lighthouse(url, flags, config);
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    return summariseLighthouse(result.lhr, formFactor);
  } finally {
    await chromium.close();
  }
}
