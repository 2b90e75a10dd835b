export { default, isStaticContent, type Options } from './lib';
