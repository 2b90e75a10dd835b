export * from './cache';
export * from './client';
