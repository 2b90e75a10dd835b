export * from './cache';
export * from './client';
export * from './repository';
