// What a Router is built from.
import type { Analyzer } from '../analysis';
import type { RouterCache } from '../cache/routerCache';
import type { ModelCatalogue } from '../catalogue/catalogue';
import type { LoadedConfig } from '../config/model';
import type { ProviderRegistry } from '../providers/registry';
import type { BudgetPort } from '../spend/budgetPort';
import type { Verifier } from '../verify';
import type { RouteEvent } from './types';

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
  /** How long the local model may take to label an unsure chat prompt (default 1500 ms). */
  localLabelLimitMs?: number;
  /** The cost-quality dial (0..10) overriding the config's `routing.quality` (VS Code's `llmRouter.quality`). */
  quality?: () => number | undefined;
  /** Runs the counting, scanning and classifying of a large request off the event loop (core/analysis.ts). */
  analyzer?: Analyzer;
  /** What providers reported about their models (windows, missing models); a new one by default. */
  catalogue?: ModelCatalogue;
}
