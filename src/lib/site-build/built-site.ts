import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors';

/**
 * `dir` resolved, when it holds a built site (an `index.html` at its top); else a set-up error
 * that names it as the user gave it (`shownAs`) and says how to build one.
 */
export function builtSite(dir: string, shownAs = dir): string {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'index.html')))
    throw new ConfigurationError(
      `${shownAs} holds no built site; run npm run build -- --no-pdf first`,
    );
  return resolved;
}
