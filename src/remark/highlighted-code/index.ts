export { default, highlightToHtml, type Options } from './lib';
