/** The messages between the parse pool (./parse-pool.ts) and its workers (./parse-worker.ts). */
import type { MessagePage, PageLocation } from '../archive';

export interface ParseRequest {
  id: number;
  /** The body as fetched; a Buffer arrives in the worker as a plain Uint8Array. */
  body: Uint8Array;
  contentType?: string;
  location: PageLocation;
}

export type ParseReply =
  { id: number; page: MessagePage; parseMs: number } | { id: number; error: string };

/** Posted once by a worker when its modules are loaded. */
export const READY = 'ready';
