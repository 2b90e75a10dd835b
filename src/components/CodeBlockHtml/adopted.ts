/**
 * What a code block's React parts do, for a block the browser adopted without hydrating it
 * (src/components/ServerRendered): its buttons and its "wider than its box" mark. After a
 * client-side navigation React renders the block itself and these are not used. The behaviour
 * follows Docusaurus's own buttons (theme-classic 3.10, CodeBlock/Buttons): copy puts the code
 * on the clipboard and says "Copied" for a second; word wrap wraps long lines and stays pressed.
 */
import { translate } from '@docusaurus/Translate';
import copyStyles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Buttons/CopyButton/styles.module.css';
import wrapOriginal from '@docusaurus/theme-classic/lib/theme/CodeBlock/Buttons/WordWrapButton/styles.module.css';
import wrapStyles from '@site/src/theme/CodeBlock/Buttons/WordWrapButton/styles.module.css';
import { measureSoon, setWordWrap } from './word-wrap';

const COPIED_FOR_MS = 1000;

/**
 * A class of a CSS module the buttons share with Docusaurus's. Read when the module loads, in
 * the build's server render too, so a Docusaurus update that renames one fails the build.
 */
function cssClass(module: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = module[name];
  if (value === undefined) throw new Error(`code block buttons: no CSS class "${name}"`);
  return value;
}
const COPIED = cssClass(copyStyles, 'copyButtonCopied');
const COPY_ICONS = cssClass(copyStyles, 'copyButtonIcons');
const WRAP_BUTTON = cssClass(wrapStyles, 'wordWrapButton');
const WRAP_ON = cssClass(wrapStyles, 'enabled');
const WRAP_ON_ORIGINAL = cssClass(wrapOriginal, 'wordWrapButtonEnabled');

/** The code as Docusaurus copies it: every line ends in a newline in the HTML, the code does not. */
function codeText(code: HTMLElement): string {
  return code.textContent.replace(/\n$/, '');
}

async function copyToClipboard(text: string): Promise<void> {
  // The clipboard API exists only in secure contexts; Docusaurus falls back to the same package.
  if ('clipboard' in navigator) return navigator.clipboard.writeText(text);
  const { default: copy } = await import('copy-text-to-clipboard');
  copy(text);
}

function showCopied(button: HTMLButtonElement): void {
  const label = button.getAttribute('aria-label') ?? '';
  button.classList.add(COPIED);
  button.setAttribute('aria-label', translate({ id: 'theme.CodeBlock.copied', message: 'Copied' }));
  window.setTimeout(() => {
    button.classList.remove(COPIED);
    button.setAttribute('aria-label', label);
  }, COPIED_FOR_MS);
}

function toggleWordWrap(button: HTMLButtonElement, code: HTMLElement): void {
  const enabled = !button.classList.contains(WRAP_ON);
  setWordWrap(code, enabled);
  button.classList.toggle(WRAP_ON, enabled);
  button.classList.toggle(WRAP_ON_ORIGINAL, enabled);
}

/**
 * Gives an adopted code block (its container element) its buttons and its scroll mark; returns
 * the clean-up for when React removes the block.
 */
export function wireAdoptedCodeBlock(container: Element): () => void {
  const pre = container.querySelector('pre');
  const code = pre?.querySelector('code');
  if (!pre || !code) return () => undefined;
  const onClick = (event: Event): void => {
    const button = (event.target as Element).closest('button');
    if (button === null || !container.contains(button)) return;
    if (button.classList.contains(WRAP_BUTTON)) {
      toggleWordWrap(button, code);
      measureSoon(pre);
    } else if (button.querySelector(`.${COPY_ICONS}`) !== null) {
      void copyToClipboard(codeText(code)).then(() => {
        showCopied(button);
      });
    }
  };
  const onResize = (): void => {
    measureSoon(pre);
  };
  container.addEventListener('click', onClick);
  window.addEventListener('resize', onResize, { passive: true });
  measureSoon(pre);
  return () => {
    container.removeEventListener('click', onClick);
    window.removeEventListener('resize', onResize);
  };
}
