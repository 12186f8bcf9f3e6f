// router.batch(items, task): many small items in as few calls as the context window and the output cap allow.
// Each call asks for one JSON object keyed by item id; what parses is kept, and every item that did not come
// back is asked again on its own. Calls go through complete(), so the cache and the budget apply to each.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import { CancelledError, NoRouteError } from '../errors';
import { TOKEN_MARGIN } from '../contextFit';
import { slicer } from '../slices';
import { countTokens } from '../tokens';
import type { Action, ChatMessage, Complexity, TaskType, Usage } from '../types';
import { parseBatchAnswer } from './batchParse';
import type { RouteResult, RouterRequest } from './types';

export interface BatchItem {
  /** Unique within the batch; the model answers by it. */
  id: string;
  text: string;
}

export interface BatchOptions {
  /** What to do with each item, e.g. "Write a documentation comment for each function." */
  instruction?: string;
  complexity?: Complexity;
  action?: Action;
  language?: string;
  localOnly?: boolean;
  /** Files the items come from (privacy.local_only_paths); `[]` when none. */
  files: readonly string[];
  temperature?: number;
  /** Output tokens one item's answer may take (default 200). */
  maxTokensPerItem?: number;
  /** Output cap of one call (default 4096): with the above, how many items one call can answer. */
  maxOutputTokens?: number;
  /** Input tokens of one call's items at most (default 16k, and always within the context window). */
  maxInputTokens?: number;
  /** Items per call at most (default 25). */
  maxItemsPerCall?: number;
  /** Calls at once (default 4). */
  concurrency?: number;
  /** The request for one item alone, when its batched answer did not parse (default: instruction + item). */
  single?: (item: BatchItem) => RouterRequest;
  signal?: AbortSignal;
}

export interface BatchItemResult {
  id: string;
  text?: string;
  error?: string;
  /** Answered in a batched call, or on its own after that failed. */
  via?: 'batch' | 'single';
}

export interface BatchResult {
  /** In the order of the items. */
  items: BatchItemResult[];
  /** Upstream or cached calls made: batched, then single. */
  calls: { batched: number; single: number };
  usage: Usage;
  costUsd: number;
  results: RouteResult[];
}

export interface BatchDeps {
  plan(req: RouterRequest): { decision: { chain: readonly { provider: string; model: string; skipped?: string }[] } };
  complete(req: RouterRequest, signal?: AbortSignal): Promise<RouteResult>;
  config: LoadedConfig;
  /** The target's context window, as decisions see it (YAML, the provider's metadata, prices.json). */
  windowOf(p: ProviderInfo, model: string): number | undefined;
}

const SYSTEM =
  'You answer several items in one reply. Reply with only one JSON object: each key is an item id, each value is your answer for that item as a JSON string. No prose, no code fence around the JSON.';

export function batchMessages(instruction: string, items: readonly BatchItem[]): ChatMessage[] {
  const body = items.map((i) => `### item ${JSON.stringify(i.id)}\n${i.text.replace(/\n$/, '')}`).join('\n\n');
  const keys = items.map((i) => JSON.stringify(i.id)).join(', ');
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${instruction}\n\n${body}\n\nReply with one JSON object whose keys are ${keys}.` },
  ];
}

/**
 * Greedy, in order: a call takes items while their tokens, their count and their answers fit. Counting a whole
 * file's items takes a while: the event loop gets a turn between items every few milliseconds.
 */
export async function packItems(
  items: readonly BatchItem[],
  limits: { inputTokens: number; items: number; outputTokens: number; perItem: number },
  due = slicer(),
): Promise<{ calls: BatchItem[][]; alone: BatchItem[] }> {
  const calls: BatchItem[][] = [];
  const alone: BatchItem[] = [];
  const perCall = Math.max(1, Math.min(limits.items, Math.floor(limits.outputTokens / limits.perItem)));
  let cur: BatchItem[] = [];
  let tokens = 0;
  for (const item of items) {
    await due();
    const t = countTokens(item.text) + 8;
    if (t > limits.inputTokens) {
      alone.push(item);
      continue;
    }
    if (cur.length && (tokens + t > limits.inputTokens || cur.length >= perCall)) {
      calls.push(cur);
      cur = [];
      tokens = 0;
    }
    cur.push(item);
    tokens += t;
  }
  if (cur.length) calls.push(cur);
  return { calls, alone };
}

export async function runBatch(deps: BatchDeps, items: readonly BatchItem[], task: TaskType, opts: BatchOptions): Promise<BatchResult> {
  const instruction = opts.instruction ?? `Do the ${task.replace('_', ' ')} task for each item.`;
  const perItem = opts.maxTokensPerItem ?? 200;
  const outputCap = opts.maxOutputTokens ?? 4096;
  const base = { taskType: task, complexity: opts.complexity, action: opts.action, language: opts.language, localOnly: opts.localOnly, files: opts.files, temperature: opts.temperature };
  const request = (group: readonly BatchItem[]): RouterRequest => ({ ...base, messages: batchMessages(instruction, group), maxTokens: Math.min(outputCap, group.length * perItem + 64) });

  // The context window of the target the first call would go to bounds every call.
  const head = items.length ? deps.plan(request(items.slice(0, 1))).decision.chain.find((s) => !s.skipped) : undefined;
  const info = head && deps.config.providers.get(head.provider);
  const window = info ? deps.windowOf(info, head.model) : undefined;
  const overhead = countTokens(SYSTEM + instruction) + 64;
  // A call must pass the same window check as any request: its input, with the margin, plus the output cap.
  const room = window ? Math.floor((window - outputCap) / TOKEN_MARGIN) - overhead : Infinity;
  const inputTokens = Math.max(256, Math.min(opts.maxInputTokens ?? 16_000, room));
  const { calls, alone } = await packItems(items, { inputTokens, items: opts.maxItemsPerCall ?? 25, outputTokens: outputCap, perItem });

  const answers = new Map<string, BatchItemResult>();
  const results: RouteResult[] = [];
  const retry: BatchItem[] = [...alone];
  let batched = 0;
  const checkAbort = () => {
    if (opts.signal?.aborted) throw new CancelledError();
  };

  await pool(calls, opts.concurrency ?? 4, async (group) => {
    checkAbort();
    let r: RouteResult;
    try {
      batched++;
      r = await deps.complete(request(group), opts.signal);
    } catch (err) {
      if (err instanceof CancelledError || opts.signal?.aborted) throw err;
      // The chain already retried and fell back: the same items alone would meet the same providers.
      for (const i of group) answers.set(i.id, { id: i.id, error: (err as Error).message });
      if (!(err instanceof NoRouteError)) retry.push(...group);
      return;
    }
    results.push(r);
    const parsed = parseBatchAnswer(r.text, group.map((i) => i.id));
    for (const i of group) {
      const text = parsed.get(i.id);
      if (text !== undefined) answers.set(i.id, { id: i.id, text, via: 'batch' });
      else retry.push(i);
    }
  });

  const single = opts.single ?? ((i: BatchItem): RouterRequest => ({ ...base, messages: [{ role: 'user', content: `${instruction}\n\n${i.text}` }], maxTokens: perItem * 2 }));
  await pool(retry, opts.concurrency ?? 4, async (item) => {
    checkAbort();
    try {
      const r = await deps.complete(single(item), opts.signal);
      results.push(r);
      answers.set(item.id, { id: item.id, text: r.text, via: 'single' });
    } catch (err) {
      if (err instanceof CancelledError || opts.signal?.aborted) throw err;
      answers.set(item.id, { id: item.id, error: (err as Error).message, via: 'single' });
    }
  });

  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let costUsd = 0;
  for (const r of results) {
    usage.inputTokens += r.usage.inputTokens;
    usage.outputTokens += r.usage.outputTokens;
    usage.cacheReadTokens += r.usage.cacheReadTokens;
    usage.cacheWriteTokens += r.usage.cacheWriteTokens;
    if (r.usage.estimated) usage.estimated = true;
    costUsd += r.costUsd;
  }
  return {
    items: items.map((i) => answers.get(i.id) ?? { id: i.id, error: 'no answer' }),
    calls: { batched, single: retry.length },
    usage,
    costUsd,
    results,
  };
}

/** Runs `work` over `list`, at most `n` at once; the first error stops new work and is thrown. */
async function pool<T>(list: readonly T[], n: number, work: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (failed === undefined && next < list.length) {
      try {
        await work(list[next++]);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, list.length)) }, lane));
  if (failed !== undefined) throw failed;
}
