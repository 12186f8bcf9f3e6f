// request -> classify (unless given) -> decide -> run the chain (retries, backoff, cooldown, rate limits,
// timeouts, budget reservations, streaming) -> settle -> one RouteEvent. Chat, FIM, embeddings and batch items
// all run through the one chain runner, router/chain.ts.
import { charsOf, LARGE_INPUT_CHARS, remember, type AnalysisInput, type Analyzer } from './analysis';
import { cachedEmbed, cachedStream } from './cache/route';
import type { RouterCache } from './cache/routerCache';
import { classify, classifyWithModel, LOCAL_MODEL_THRESHOLD, type ClassifyInput } from './classify';
import { fallsBelow, headTier, KEPT_TIER } from './router/keepTier';
import { LOCAL_LABEL_LIMIT_MS, LocalLabeler } from './router/localLabeler';
import { ModelCatalogue } from './catalogue/catalogue';
import { learnFromAttempts, learnWindows } from './catalogue/learn';
import type { LoadedConfig } from './config/model';
import { CancelledError, type RouterError } from './errors';
import { ProviderRegistry } from './providers/registry';
import { binaryFile, binaryInput, isBinaryText } from './input';
import { gateRequest } from './router/privacyGate';
import { verifyLocalFirst } from './router/verifyFirst';
import { basicVerifier, VERIFIABLE, type Verifier } from './verify';
import { createDecider, type Decider } from './rules';
import { sleep as realSleep } from './router/clock';
import { Cooldowns } from './router/cooldown';
import { runBatch, type BatchItem, type BatchOptions, type BatchResult } from './router/batch';
import { runChain, type ChainDeps, type ChainJob } from './router/chain';
import { embedDecision, fimDecision } from './router/fimEmbedChains';
import type { RouterOptions } from './router/options';
import { RateLimiter } from './router/rateLimit';
import type { EmbedResult, FimRequest, RoutePlan, RouteResult, RouterRequest, StreamEvent } from './router/types';
import type { BudgetPort } from './spend/budgetPort';
import { countMessageTokens, countTokens } from './tokens';
import type { Classification, Decision, TaskType } from './types';
import { ZERO_USAGE } from './types';

export type { BatchItem, BatchItemResult, BatchOptions, BatchResult } from './router/batch';
export type { RouterOptions } from './router/options';
export type { Attempt, EmbedResult, FimRequest, RouteEvent, RoutePlan, RouteResult, RouterRequest, StreamEvent } from './router/types';

const NEVER = new AbortController().signal;

export class Router {
  private readonly configOf: () => LoadedConfig;
  private readonly deps: ChainDeps;
  private readonly budget?: BudgetPort;
  private readonly cache?: RouterCache;
  private readonly verify: Verifier;
  private readonly analyzer?: Analyzer;
  /** Classifications an analyzer made for requests about to be planned. */
  private readonly classified = new WeakMap<RouterRequest, Classification>();
  private decider?: Decider;
  private readonly qualityOverride?: () => number | undefined;
  private readonly labeler: LocalLabeler;
  private readonly labelLimitMs: number;
  /** What the providers said about their models: windows, missing models. Decisions read it; checks and requests fill it. */
  readonly catalogue: ModelCatalogue;

  constructor(opts: RouterOptions) {
    this.qualityOverride = opts.quality;
    this.labelLimitMs = opts.localLabelLimitMs ?? LOCAL_LABEL_LIMIT_MS;
    const cfg = opts.config;
    this.configOf = typeof cfg === 'function' ? cfg : () => cfg;
    this.budget = opts.budget;
    this.verify = opts.verify ?? basicVerifier;
    this.cache = opts.cache;
    this.analyzer = opts.analyzer;
    const catalogue = (this.catalogue = opts.catalogue ?? new ModelCatalogue(opts.now));
    this.deps = {
      registry: opts.registry ?? new ProviderRegistry(),
      budget: opts.budget,
      onEvent: (e) => {
        learnFromAttempts(catalogue, e.attempts);
        opts.onEvent?.(e);
      },
      now: opts.now ?? Date.now,
      sleep: opts.sleep ?? realSleep,
      random: opts.random ?? Math.random,
      cooldowns: new Cooldowns(),
      limiter: new RateLimiter(),
    };
    const deps = this.deps;
    this.labeler = new LocalLabeler({ registry: deps.registry, coolingDown: (p) => deps.cooldowns.coolingUntil(p, deps.now()) !== undefined, now: deps.now });
  }

  get config(): LoadedConfig {
    return this.configOf();
  }

  /** The cost-quality dial in force: the editor setting, else the config's `routing.quality`. */
  quality(): number {
    return this.qualityOverride?.() ?? this.configOf().raw.routing.quality;
  }

  private decide(): Decider {
    const config = this.configOf();
    if (this.decider?.config !== config) this.decider = createDecider(config, undefined, this.catalogue);
    return this.decider;
  }

  /** Read-only, for the dashboard: is the provider cooling down, and how much of its rate limit is left. */
  providerState(name: string): { coolingUntil?: number; recentFailures: number; rateLimit?: { rpm: number; available: number } } {
    const now = this.deps.now();
    const info = this.configOf().providers.get(name);
    const coolingUntil = this.deps.cooldowns.coolingUntil(name, now);
    const recentFailures = this.deps.cooldowns.recentFailures(name, now, this.configOf().raw.router.cooldown.window_s);
    const rpm = info?.rateLimit;
    return {
      ...(coolingUntil !== undefined ? { coolingUntil } : {}),
      recentFailures,
      ...(rpm ? { rateLimit: { rpm, available: Math.floor(this.deps.limiter.available(name, rpm, now) * 100) / 100 } } : {}),
    };
  }

  /**
   * With an analyzer, a large request's counting, secret scan and classification run off the event loop, and
   * plan() then finds their results. Without one, or for a small request, it does nothing.
   */
  async prepare(req: RouterRequest): Promise<void> {
    const texts = req.messages.map((m) => m.content);
    if (!this.analyzer || charsOf(texts) <= LARGE_INPUT_CHARS || this.classified.has(req)) return;
    const input: AnalysisInput = { scan: texts, classify: req.taskType && req.complexity ? undefined : classifyInputOf(req), quality: this.quality() };
    try {
      const a = await this.analyzer(input);
      remember(input, a);
      if (a.classification) this.classified.set(req, a.classification);
    } catch {
      // The analyzer is gone (its thread failed): plan() does the work itself.
    }
  }

  /** Classify (unless the request says its task type and complexity) and decide. No upstream I/O. */
  plan(req: RouterRequest, given?: Classification): RoutePlan {
    const decide = this.decide();
    // Privacy gate: local-only mode, private paths and secrets, before any rule sees the request.
    const gated = gateRequest(decide.config, req.messages, req.files, req.localOnly);
    const inputTokens = countMessageTokens(gated.messages);
    let { taskType, complexity } = req;
    let classification: Classification | undefined;
    if (!taskType || !complexity) {
      classification = given ?? this.classified.get(req) ?? classify(classifyInputOf(req), { quality: this.quality() });
      taskType ??= classification.taskType;
      complexity ??= classification.complexity;
    }
    const maxTokens = req.maxTokens ?? decide.config.raw.router.max_tokens;
    const input = { taskType, complexity, contextTokens: inputTokens };
    const budget = this.budget?.snapshot();
    const opts = { action: req.action, requireFast: req.requireFast, requireCheap: req.requireCheap, localOnly: gated.localOnly, maxTokens, minTier: req.minTier };
    let decision = decide(input, budget, opts);
    // A conversation answered on a higher tier before stays there (never past local-only).
    const tierOf = (name: string) => decide.config.providers.get(name)?.tier;
    if (!gated.localOnly && fallsBelow(req.keepTier, headTier(decision, tierOf), req.minTier)) {
      const kept = decide(input, budget, { ...opts, minTier: req.keepTier, minTierWhy: KEPT_TIER });
      // Only when that tier can answer (it may be over budget or keyless): else the plain decision stands.
      const keptHead = headTier(kept, tierOf);
      if (keptHead && !fallsBelow(req.keepTier, keptHead, undefined)) {
        decision = kept;
        decision.explanation += ` · ${KEPT_TIER}`;
      }
    }
    if (gated.privacy.reasons.length) decision.explanation += ` · stayed local: ${gated.privacy.reasons.join('; ')}`;
    const blocked = binaryInput(req) ?? gated.blocked;
    return { decision, classification, inputTokens, maxTokens, messages: gated.messages, privacy: gated.privacy, blocked };
  }

  /** Events: decision, attempt (one per try or skip), delta…, then done or error. Never throws for routing failures. */
  stream(req: RouterRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    if (this.analyzer && charsOf(req.messages.map((m) => m.content)) > LARGE_INPUT_CHARS) return this.streamPrepared(req, signal);
    return this.streamPlanned(req, signal);
  }

  private async *streamPrepared(req: RouterRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    await this.prepare(req);
    yield* this.streamPlanned(req, signal);
  }

  private streamPlanned(req: RouterRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    const plan = this.plan(req);
    if (this.wantsLocalLabel(req, plan)) return this.relabelled(req, plan, signal);
    return this.runPlan(plan, req, signal);
  }

  private runPlan(plan: RoutePlan, req: RouterRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    if (plan.blocked) return refused(plan, plan.blocked);
    const shared = this.cache && cachedStream(this.cache, this.deps, this.configOf(), plan, req, (s) => this.upstream(plan, req, s), signal);
    return shared || this.upstream(plan, req, signal);
  }

  /** A chat prompt the classifier is unsure of, with `routing.ask_local_model` on and nothing blocked. */
  private wantsLocalLabel(req: RouterRequest, plan: RoutePlan): boolean {
    const c = plan.classification;
    return !!c && !plan.blocked && this.configOf().raw.routing.ask_local_model && classifyInputOf(req).action === 'chat' && c.confidence < LOCAL_MODEL_THRESHOLD;
  }

  /** Asks the local model for a label (bounded; skipped when none is up), then runs the plan it gives. */
  private async *relabelled(req: RouterRequest, plan: RoutePlan, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    let better = plan;
    try {
      const model = this.labeler.modelFor(this.configOf(), this.decide());
      const c = await classifyWithModel(classifyInputOf(req), model, { quality: this.quality(), signal, timeoutMs: this.labelLimitMs });
      better = this.plan(req, c);
    } catch {
      // Cancelled while asking: the plan runs into the abort and reports it like any cancelled request.
    }
    yield* this.runPlan(better, req, signal);
  }

  /** The decision's chain, upstream; local first with verification where the rule says `verify: true`. */
  private upstream(plan: RoutePlan, req: RouterRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    const config = this.configOf();
    const rule = config.rules[plan.decision.rule.index];
    const run = (decision: Decision, s?: AbortSignal) => this.runDecision(plan, req, decision, s);
    if (!rule?.verify || !VERIFIABLE.has(plan.decision.taskType)) return run(plan.decision, signal);
    const isLocal = (name: string) => config.providers.get(name)?.local === true;
    return verifyLocalFirst(run, plan.decision, isLocal, this.verify, { taskType: plan.decision.taskType, language: req.language }, signal);
  }

  private runDecision(plan: RoutePlan, req: RouterRequest, decision: Decision, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    const model = { messages: plan.messages, maxTokens: plan.maxTokens, temperature: req.temperature, inputTokens: plan.inputTokens };
    const decide = this.decide();
    return this.run({
      kind: 'complete',
      decision,
      classification: plan.classification,
      privacy: plan.privacy.reasons.length || plan.privacy.message ? plan.privacy : undefined,
      action: req.action,
      inputTokens: plan.inputTokens,
      maxTokens: plan.maxTokens,
      open: (provider, m, s) => provider.stream({ model: m, ...model, contextWindow: decide.windowOf(provider.info, m) }, s),
      signal,
    });
  }

  /** Every upstream call: the one chain runner, on the current config and prices. */
  private run(job: Omit<ChainJob, 'config' | 'prices'>): AsyncGenerator<StreamEvent, void, undefined> {
    const decide = this.decide();
    // Windows nothing configured knows are asked of the providers now, for the next decisions (never waited for).
    learnWindows(this.catalogue, this.deps.registry, decide.config, decide.prices, job.decision);
    return runChain(this.deps, { ...job, config: decide.config, prices: decide.prices });
  }

  /** The whole answer; rejects with NoRouteError, CancelledError or a mid-stream ProviderError. */
  complete(req: RouterRequest, signal?: AbortSignal): Promise<RouteResult> {
    return resultOf(this.stream(req, signal));
  }

  /** Fill-in-the-middle on `inline.use` (else the simple code-generation chain), only where `fim` is on. */
  fim(req: FimRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    const decide = this.decide();
    const inputTokens = countTokens(req.prefix) + countTokens(req.suffix);
    const maxTokens = req.maxTokens ?? Math.min(256, decide.config.raw.router.max_tokens);
    // The privacy gate as for any request: local-only mode, a private document, or a secret around the cursor
    // (which FIM cannot send redacted) keep the completion on local providers, even with inline.allow_paid.
    const gated = gateRequest(decide.config, [{ role: 'user', content: `${req.prefix}\n${req.suffix}` }], req.files, req.localOnly);
    const stayLocal = gated.privacy.reasons.length ? gated.privacy.reasons.join('; ') : undefined;
    // An inline completion must be fast, and is cheap unless the config lets it pay (inline.allow_paid).
    const base = decide({ taskType: 'code_generation', complexity: 'simple', contextTokens: inputTokens }, this.budget?.snapshot(), {
      action: 'inline',
      maxTokens,
      requireFast: true,
      requireCheap: !decide.config.raw.inline.allow_paid,
      localOnly: !!stayLocal,
    });
    const decision = fimDecision(decide.config, base, stayLocal, (p, model) => decide.unfit(p, model, inputTokens, maxTokens));
    if (isBinaryText(req.prefix) || isBinaryText(req.suffix)) return refused({ decision, inputTokens, maxTokens, messages: [], privacy: { reasons: [] } }, binaryFile(req.files));
    return this.run({
      kind: 'fim',
      decision,
      action: 'inline',
      inputTokens,
      maxTokens,
      open: (provider, model, s) =>
        provider.fim({ model, prefix: req.prefix, suffix: req.suffix, maxTokens, temperature: req.temperature, inputTokens, contextWindow: decide.windowOf(provider.info, model) }, s),
      signal,
    });
  }

  /**
   * Many small items in as few calls as the context window allows, answered as one JSON object keyed by item
   * id; items whose answer does not parse are retried one by one. See router/batch.ts.
   */
  batch(items: readonly BatchItem[], task: TaskType, opts: BatchOptions): Promise<BatchResult> {
    const decide = this.decide();
    return runBatch({ plan: (r) => this.plan(r), complete: (r, s) => this.complete(r, s), config: decide.config, windowOf: decide.windowOf }, items, task, opts);
  }

  /** Embeddings on local providers only (they are never paid); with a cache, only its misses go upstream, in one call. */
  embed(texts: readonly string[], signal: AbortSignal = NEVER): Promise<EmbedResult> {
    if (!this.cache) return this.embedUpstream(texts, signal);
    const head = this.embedding(0).chain.find((s) => !s.skipped);
    return cachedEmbed(this.cache, this.configOf(), texts, head, (t) => this.embedUpstream(t, signal));
  }

  private embedding(contextTokens: number): Decision {
    const decide = this.decide();
    return embedDecision(decide.config, decide({ taskType: 'embedding', complexity: 'simple', contextTokens }, this.budget?.snapshot(), {}));
  }

  /** One call through the chain runner; the vectors arrive as the try's one chunk. */
  private async embedUpstream(texts: readonly string[], signal: AbortSignal): Promise<EmbedResult> {
    const inputTokens = texts.reduce((n, t) => n + countTokens(t), 0);
    const r = await resultOf(
      this.run({
        kind: 'embed',
        decision: this.embedding(inputTokens),
        inputTokens,
        maxTokens: 0,
        open: async function* (provider, model, s) {
          yield { type: 'vectors', vectors: await provider.embed(model, texts, s) };
        },
        signal,
      }),
    );
    return { provider: r.provider!, model: r.model!, vectors: r.vectors!, attempts: r.attempts };
  }
}

/**
 * What the classifier judges in a request: its subject, action and the user's own words. Only chat and API
 * requests fall back to the last user message; an editor action's messages are its prompt template.
 */
export function classifyInputOf(req: RouterRequest): ClassifyInput {
  const action = req.action ?? 'chat';
  const fromMessages = action === 'chat' ? [...req.messages].reverse().find((m) => m.role === 'user')?.content : undefined;
  return { action, text: req.subject, prompt: req.prompt ?? fromMessages, language: req.language, diagnostics: req.diagnostics };
}

/** Drains a router stream into its result, or rejects with its error. */
export async function resultOf(events: AsyncIterable<StreamEvent>): Promise<RouteResult> {
  for await (const e of events) {
    if (e.type === 'done') return e.result;
    if (e.type === 'error') throw e.error as RouterError;
  }
  throw new CancelledError('the stream ended without a result');
}

/** A request that may not be sent at all: the decision, then the reason, and nothing upstream. */
async function* refused(plan: RoutePlan, error: RouterError): AsyncGenerator<StreamEvent, void, undefined> {
  yield { type: 'decision', decision: plan.decision, classification: plan.classification, privacy: plan.privacy };
  yield { type: 'error', error, result: { decision: plan.decision, attempts: [], usage: ZERO_USAGE, costUsd: 0, text: '', cached: false } };
}
