// What goes into the router and what comes out of it.
import type { RouterCache } from '../cache/routerCache';
import type { LoadedConfig } from '../config/model';
import type { AttemptRecord, RouterError } from '../errors';
import type { DeltaChunk } from '../providers/types';
import type { ProviderRegistry } from '../providers/registry';
import type { BudgetPort } from '../spend/budgetPort';
import type { PrivacyNote } from './privacyGate';
import type { Verifier } from '../verify';
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
  /** Neither served from nor stored in the response cache, nor shared with an identical request in flight. */
  noCache?: boolean;
  /** Files the context came from: privacy.local_only_paths is matched against them. */
  files?: readonly string[];
}

export interface FimRequest {
  prefix: string;
  suffix: string;
  maxTokens?: number;
  temperature?: number;
}

export type Attempt = AttemptRecord;

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
  kind: 'complete' | 'fim';
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

export interface RouterOptions {
  /** The config, or a getter so a new config applies to the next request. */
  config: LoadedConfig | (() => LoadedConfig);
  registry?: ProviderRegistry;
  budget?: BudgetPort;
  onEvent?: (event: RouteEvent) => void;
  /** Epoch ms; cooldowns and rate limits use it. */
  now?: () => number;
  /** Backoff and rate-limit waits; must reject when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  /** Checks a local answer under a `verify: true` rule (default: basicVerifier). */
  verify?: Verifier;
  /** Response cache, single-flight and embedding cache (see core/cache); none: every request goes upstream. */
  cache?: RouterCache;
  /** The cost-quality dial (0..10) overriding the config's `routing.quality` (VS Code's `llmRouter.quality`). */
  quality?: () => number | undefined;
}

export interface EmbedResult {
  provider: string;
  model: string;
  vectors: number[][];
  attempts: Attempt[];
  /** How many of the vectors came from the embedding cache. */
  cached?: number;
}
