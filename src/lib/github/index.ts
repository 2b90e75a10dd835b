export * from './cache';
export * from './client';
export { GitHubError } from './errors';
export * from './redact';
export * from './repository';
export * from './types';
