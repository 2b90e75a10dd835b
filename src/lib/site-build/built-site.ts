import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors';

/** How this site is built for the commands that read a build. */
const BUILD_THE_SITE = 'run npm run build -- --no-pdf first';

/**
 * `dir` resolved, when it holds a built site (an `index.html` at its top); else a set-up error
 * that names it as the user gave it (`shownAs`) and says how to make one (`fix`).
 */
export function builtSite(dir: string, shownAs = dir, fix = BUILD_THE_SITE): string {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'index.html')))
    throw new ConfigurationError(`${shownAs} holds no built site; ${fix}`);
  return resolved;
}
