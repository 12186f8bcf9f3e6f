// The one interface every provider adapter implements. SDK types never appear here.
import type { ProviderInfo } from '../config/model';
import type { ChatMessage, Usage } from '../types';

/** What the router knows about the request's size, for servers that must be told their window (Ollama's num_ctx). */
export interface ContextHint {
  /** Input tokens as the router counted them (cl100k). */
  inputTokens?: number;
  /** The target's context window, when known. */
  contextWindow?: number;
}

export interface ProviderRequest extends ContextHint {
  model: string;
  messages: readonly ChatMessage[];
  maxTokens: number;
  temperature?: number;
}

export interface FimRequest extends ContextHint {
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
  /** The listing with what the server says about each model (its context window, where it reports one). */
  listModelDetails?(signal: AbortSignal): Promise<ModelDetails[]>;
  /** One model's metadata (Ollama's /api/show). */
  describeModel?(model: string, signal: AbortSignal): Promise<ModelDetails>;
  /** Downloads a model to the server (Ollama's /api/pull), reporting the server's progress lines as they come. */
  pull?(model: string, signal: AbortSignal): AsyncIterable<PullProgress>;
}

/** One progress line of a pull: a status, and for a layer being downloaded its digest and byte counts. */
export interface PullProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface ModelDetails {
  id: string;
  contextWindow?: number;
}
