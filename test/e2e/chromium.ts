/** The browser the tests drive: Debian's Chromium (src/lib/chromium, shared with the PDF). */
export { CHROMIUM_ARGS, chromiumExecutable } from '../../src/lib/chromium';
