export { default, type Options } from './lib';
