// The one interface every provider adapter implements. SDK types never appear here.
import type { ProviderInfo } from '../config/model';
import type { ChatMessage, Usage } from '../types';

export interface ProviderRequest {
  model: string;
  messages: readonly ChatMessage[];
  maxTokens: number;
  temperature?: number;
}

export interface FimRequest {
  model: string;
  /** Code before the cursor. */
  prefix: string;
  /** Code after the cursor. */
  suffix: string;
  maxTokens: number;
  temperature?: number;
}

/** Response headers arrived: the connection is up, the first token is next. */
export interface OpenChunk {
  type: 'open';
}
/** A piece of the answer. The router passes this very object on to its caller. */
export interface DeltaChunk {
  type: 'delta';
  text: string;
}
/** The provider's own token counts, at the end of the stream. */
export interface UsageChunk {
  type: 'usage';
  usage: Usage;
}
export type ProviderChunk = OpenChunk | DeltaChunk | UsageChunk;

export const OPEN: OpenChunk = Object.freeze({ type: 'open' });

export interface Completion {
  text: string;
  /** Absent when the provider sent none. */
  usage?: Usage;
}

export interface Provider {
  readonly info: ProviderInfo;
  /** Loads the SDK (a file of its own, on first use) and builds the client: timing a call then leaves loading out. */
  load?(): Promise<void>;
  /**
   * Streams one answer: `open` once headers arrive, then deltas, then (when the provider reports it) usage.
   * Errors are ProviderErrors; an aborted signal ends the stream with an abort error, never silently.
   */
  stream(req: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderChunk>;
  /** The whole answer, built on stream(). */
  complete(req: ProviderRequest, signal: AbortSignal): Promise<Completion>;
  /** Fill-in-the-middle; adapters whose API has none throw a non-retryable ProviderError. */
  fim(req: FimRequest, signal: AbortSignal): AsyncIterable<ProviderChunk>;
  embed(model: string, texts: readonly string[], signal: AbortSignal): Promise<number[][]>;
  listModels(signal: AbortSignal): Promise<string[]>;
}
