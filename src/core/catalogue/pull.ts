// Pulling an Ollama model: which provider and model (by default the coder model of the first Ollama provider:
// the one inline completions and simple code use), and the server's progress lines summed into one state
// (percent and bytes over every layer seen so far), for the editor's notification and the CLI's bar.
import type { LoadedConfig, MatchContext, ProviderInfo } from '../config/model';
import { parseTarget } from '../config/targets';
import { RouterError } from '../errors';
import { canPullModels, type ProviderRegistry } from '../providers/registry';
import type { PullProgress } from '../providers/types';

export interface PullTarget {
  provider: ProviderInfo;
  model: string;
}

export interface PullState {
  /** The server's own words: "pulling manifest", "pulling 6a0746a1ec1a", "verifying sha256 digest", "success". */
  status: string;
  /** 0..100 over the layers seen so far; undefined before the first layer. */
  percent?: number;
  completedBytes: number;
  totalBytes: number;
}

/** What simple code generation looks like to the rules: the request inline completions fall back to. */
const SIMPLE_CODE: MatchContext = { taskType: 'code_generation', complexity: 'simple', contextTokens: 0, requireFast: false, requireCheap: false, localOnly: false, budget: 'ok' };

/** The model inline completions and simple code generation use on this provider. */
export function defaultCoderModel(config: LoadedConfig, p: ProviderInfo): string | undefined {
  for (const text of config.raw.inline.use ?? []) {
    const t = parseTarget(text);
    if (!('error' in t) && t.provider === p.name && t.model) return t.model;
  }
  const rule = config.rules.find((r) => r.matches(SIMPLE_CODE));
  return rule?.targets.find((t) => t.provider === p.name && t.model)?.model ?? config.resolveModel(p, SIMPLE_CODE.taskType, SIMPLE_CODE.complexity);
}

/** The provider (named, else the first Ollama one) and the model (given, else its coder model). */
export function pullTarget(config: LoadedConfig, want: { provider?: string; model?: string } = {}): PullTarget {
  const provider = want.provider ? config.providers.get(want.provider) : [...config.providers.values()].find(canPullModels);
  if (!provider) {
    throw new RouterError(want.provider ? `no provider "${want.provider}" in ${config.file}` : `no Ollama provider in ${config.file}: only Ollama pulls models`);
  }
  if (!canPullModels(provider)) throw new RouterError(`${provider.name} is a ${provider.type} provider: only Ollama pulls models`);
  if (provider.disabled) throw new RouterError(`${provider.name} is off: ${provider.disabled}`);
  const model = want.model ?? defaultCoderModel(config, provider);
  if (!model) throw new RouterError(`${provider.name} names no model to pull: give one`);
  return { provider, model };
}

export class PullMeter {
  private readonly layers = new Map<string, { total: number; completed: number }>();
  private state: PullState = { status: '', completedBytes: 0, totalBytes: 0 };

  update(p: PullProgress): PullState {
    if (p.digest && p.total) this.layers.set(p.digest, { total: p.total, completed: Math.min(p.completed ?? 0, p.total) });
    let total = 0;
    let completed = 0;
    for (const l of this.layers.values()) {
      total += l.total;
      completed += l.completed;
    }
    this.state = {
      status: p.status,
      ...(total > 0 ? { percent: p.status === 'success' ? 100 : Math.floor((completed / total) * 100) } : {}),
      completedBytes: completed,
      totalBytes: total,
    };
    return this.state;
  }

  get current(): PullState {
    return this.state;
  }
}

export const megabytes = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

/** "42% · 1,234 MB of 2,938 MB", or the status alone before the first layer. */
export function describePull(s: PullState): string {
  return s.percent === undefined ? s.status : `${s.percent}% · ${megabytes(s.completedBytes)} of ${megabytes(s.totalBytes)}`;
}

/** Runs the pull; resolves once the server says "success", rejects with its error (or CancelledError). */
export async function pullModel(registry: ProviderRegistry, target: PullTarget, signal: AbortSignal, onState: (s: PullState) => void): Promise<PullState> {
  const provider = registry.get(target.provider);
  if (!provider.pull) throw new RouterError(`${target.provider.name} cannot pull models`);
  const meter = new PullMeter();
  let success = false;
  for await (const p of provider.pull(target.model, signal)) {
    onState(meter.update(p));
    if (p.status === 'success') success = true;
  }
  if (!success) throw new RouterError(`${target.provider.name} ended the pull of ${target.model} without "success"`);
  return meter.current;
}
