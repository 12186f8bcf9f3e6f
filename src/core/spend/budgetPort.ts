// What the router needs from the money side. The router reserves the worst case before every upstream
// attempt and settles to the real cost after it; the implementation lives in src/core/spend.
import type { BudgetSnapshot, Usage } from '../types';

export interface ReserveRequest {
  provider: string;
  model: string;
  local: boolean;
  /** Worst case: input tokens × input price + max_tokens × output price. */
  worstCaseUsd: number;
}

export type SkipLimit = 'over budget' | 'over provider limit' | 'over per-request limit' | 'spend ledger unavailable';

export interface Reservation {
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly amountUsd: number;
}

export interface SettleInput {
  /** Actual cost, priced from the usage the provider returned (or estimated from streamed text). */
  costUsd: number;
  usage: Usage;
  /** What the ledger records about the request; never prompt text, never a key. */
  meta: {
    taskType: string;
    complexity: string;
    action?: string;
    ruleId: string;
    outcome: 'ok' | 'cut' | 'cancelled' | 'error';
    cached?: boolean;
    latencyMs?: number;
  };
}

export interface BudgetPort {
  /** For decide(): today's state and the providers already at their daily limit. */
  snapshot(): BudgetSnapshot;
  /** Reserve before sending; a refusal names the limit, and the router moves down the chain. */
  reserve(req: ReserveRequest): Promise<Reservation | { refused: SkipLimit; detail: string }>;
  /** Settle to the real cost and release the rest of the reservation. */
  settle(reservation: Reservation, input: SettleInput): Promise<void>;
  /** Give the reservation back unused (the attempt never reached the provider). */
  release(reservation: Reservation): Promise<void>;
}
