// What goes into the router and what comes out of it.
// A leaf of the router: types only, so the caches, the chat and inline code and the dashboard can use them
// without importing the router itself.
import type { AttemptRecord, RouterError } from '../errors';
import type { DeltaChunk } from '../providers/types';
import type { Action, ChainStep, ChatMessage, Classification, Complexity, Decision, TaskType, Tier, Usage } from '../types';

export interface RouterRequest {
  /** The conversation as sent; the last message is the user's turn. */
  messages: readonly ChatMessage[];
  action?: Action;
  /**
   * The user's own words, for the classifier. Default: the last user message, but only for chat and API
   * requests (no action, or `chat`); an editor action's messages hold its prompt template, never classified.
   */
  prompt?: string;
  /** The code or text the request is about (already inside `messages`), for the classifier. */
  subject?: string;
  language?: string;
  /** Errors and warnings the editor reports in `subject`, for the classifier. */
  diagnostics?: number;
  /** Given both, the classifier is skipped. */
  taskType?: TaskType;
  complexity?: Complexity;
  maxTokens?: number;
  temperature?: number;
  requireFast?: boolean;
  requireCheap?: boolean;
  localOnly?: boolean;
  /** Only providers of this tier or above ("Retry with a stronger model"). */
  minTier?: Tier;
  /**
   * The tier this conversation reached on earlier turns (router/keepTier.ts): the request stays at least at
   * it, so a cheaper model does not take over mid-conversation (its prompt cache and context go with it).
   */
  keepTier?: Tier;
  /** Neither served from nor stored in the response cache, nor shared with an identical request in flight. */
  noCache?: boolean;
  /**
   * Every file the request's text came from (a selection, a `#file`, an earlier turn's reference, the document
   * around the cursor): privacy.local_only_paths is matched against them. Required, so that no entry point
   * can forget it: `[]` when the text comes from no file.
   */
  files: readonly string[];
}

export interface FimRequest {
  prefix: string;
  suffix: string;
  /** The document the prefix and suffix come from (see RouterRequest.files). */
  files: readonly string[];
  /** Local-only mode (the setting or the status-bar toggle). */
  localOnly?: boolean;
  maxTokens?: number;
  temperature?: number;
}

export type Attempt = AttemptRecord;

export interface PrivacyNote {
  /** Why the request must stay local (empty when it may go anywhere). */
  reasons: string[];
  /** "stayed local" when privacy kept the request on local models. */
  badge?: string;
  /** For the user: what was redacted, or why nothing was sent. */
  message?: string;
}

/** A request classified, gated and decided, before anything is sent. */
export interface RoutePlan {
  decision: Decision;
  classification?: Classification;
  inputTokens: number;
  maxTokens: number;
  /** What is sent: the request's messages, redacted when privacy.secrets is "redact". */
  messages: readonly ChatMessage[];
  privacy: PrivacyNote;
  /** Nothing is sent: the request holds binary data, or secrets under privacy.secrets: block. */
  blocked?: RouterError;
}

/** An embedding call's answer, as the one chunk of its try. */
export interface VectorsChunk {
  type: 'vectors';
  vectors: number[][];
}

export interface RouteResult {
  decision: Decision;
  attempts: Attempt[];
  usage: Usage;
  costUsd: number;
  text: string;
  cached: boolean;
  /** The target that answered (or was streaming when it stopped). */
  provider?: string;
  model?: string;
  /** Embeddings: one vector per text. */
  vectors?: number[][];
}

/** Where a stream stopped after its first token. */
export interface StoppedAt {
  provider: string;
  model: string;
  chars: number;
  tokens: number;
}

export type StreamEvent =
  | { type: 'decision'; decision: Decision; classification?: Classification; privacy?: PrivacyNote }
  /** One per upstream try or skipped step, when it ends. */
  | { type: 'attempt'; attempt: Attempt }
  | DeltaChunk
  | { type: 'done'; result: RouteResult }
  /**
   * The request ended without a full answer: NoRouteError, CancelledError, or a ProviderError with
   * midStream set (then `stoppedAt` says where, and `nextTarget` is offered, never tried automatically).
   */
  | { type: 'error'; error: RouterError; result: RouteResult; stoppedAt?: StoppedAt; nextTarget?: ChainStep };

export type RouteOutcome = 'ok' | 'cut' | 'cancelled' | 'error';

/** The one event per request that the log, status bar, dashboard and ledger consume. */
export interface RouteEvent {
  kind: 'complete' | 'fim' | 'embed';
  outcome: RouteOutcome;
  decision: Decision;
  attempts: Attempt[];
  provider?: string;
  model?: string;
  usage: Usage;
  costUsd: number;
  textLength: number;
  cached: boolean;
  latencyMs: number;
  /** Request start to first token reaching the caller. */
  firstTokenMs?: number;
  action?: Action;
  error?: string;
}

export interface EmbedResult {
  provider: string;
  model: string;
  vectors: number[][];
  attempts: Attempt[];
  /** How many of the vectors came from the embedding cache. */
  cached?: number;
}
