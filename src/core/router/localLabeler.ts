// The local model that labels chat prompts the classifier is unsure of (classifyWithModel): the target the
// rules pick for a `classification` task, used only when that provider is local, not cooling down, and up.
// "Up" is one model listing, remembered for UP_TTL_MS, that must name the model. The caller bounds the whole
// exchange, listing included (LOCAL_LABEL_LIMIT_MS); a slow or odd answer leaves the classifier's.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import type { ProviderRegistry } from '../providers/registry';
import type { Decider } from '../rules';
import { COMPLEXITIES, TASK_TYPES, type ChatMessage, type Complexity, type TaskType } from '../types';
import type { LocalIntentModel } from '../classify';

export const LOCAL_LABEL_LIMIT_MS = 1500;
const UP_TTL_MS = 60_000;
const PROMPT_CHARS = 2000;

const LABELS = TASK_TYPES.filter((t) => t !== 'embedding');

const SYSTEM = [
  'You label requests that a developer sends to a coding assistant. Reply with one JSON object and nothing else:',
  `{"taskType": one of ${LABELS.map((l) => `"${l}"`).join(', ')}, "complexity": one of ${COMPLEXITIES.map((c) => `"${c}"`).join(', ')}}.`,
  'taskType is the deliverable asked for. complexity: simple = a short self-contained answer; medium = some interacting logic or domain knowledge;',
  'complex = multi-step reasoning, concurrency, security, design trade-offs, subtle bugs or a large context.',
].join(' ');

/** The JSON label in a model's answer (fenced or not), or undefined. */
export function parseLabel(text: string): { taskType: TaskType; complexity: Complexity } | undefined {
  const m = /\{[^{}]*\}/.exec(text);
  if (!m) return undefined;
  try {
    const o = JSON.parse(m[0]) as { taskType?: unknown; complexity?: unknown };
    const taskType = typeof o.taskType === 'string' ? o.taskType.trim().toLowerCase() : '';
    const complexity = typeof o.complexity === 'string' ? o.complexity.trim().toLowerCase() : '';
    if (!(LABELS as readonly string[]).includes(taskType) || !(COMPLEXITIES as readonly string[]).includes(complexity)) return undefined;
    return { taskType: taskType as TaskType, complexity: complexity as Complexity };
  } catch {
    return undefined;
  }
}

export interface LabelerDeps {
  registry: ProviderRegistry;
  /** The provider is cooling down after failures (the router's cooldowns). */
  coolingDown: (provider: string) => boolean;
  now: () => number;
}

/** Thrown by the labeler's model when it is not asked at all; classifyWithModel reports it as skipped. */
export class LabelSkipped extends Error {
  override name = 'LabelSkipped';
}

export class LocalLabeler {
  private readonly up = new Map<string, { ok: boolean; at: number }>();

  constructor(private readonly deps: LabelerDeps) {}

  /** The local model the rules pick for labels under this config; it checks it is up when asked. */
  modelFor(config: LoadedConfig, decide: Decider): LocalIntentModel {
    return {
      classify: async (prompt, signal = new AbortController().signal) => {
        const chain = decide({ taskType: 'classification', complexity: 'simple', contextTokens: 0 }, { state: 'ok' }, { localOnly: true }).chain;
        for (const step of chain) {
          const info = config.providers.get(step.provider);
          if (step.skipped || !info?.local || info.disabled || this.deps.coolingDown(info.name)) continue;
          if (!(await this.isUp(info, step.model, signal))) continue;
          return this.ask(info, step.model, prompt, signal);
        }
        throw new LabelSkipped('no local model is up');
      },
    };
  }

  private async isUp(info: ProviderInfo, model: string, signal: AbortSignal): Promise<boolean> {
    const key = `${info.name}\n${info.baseUrl}\n${model}`;
    const known = this.up.get(key);
    if (known && this.deps.now() - known.at < UP_TTL_MS) return known.ok;
    let ok = false;
    try {
      const models = await this.deps.registry.get(info).listModels(signal);
      ok = models.some((m) => m === model || m === `${model}:latest` || `${m}:latest` === model);
    } catch {
      if (signal.aborted) throw signal.reason;
    }
    this.up.set(key, { ok, at: this.deps.now() });
    return ok;
  }

  private async ask(info: ProviderInfo, model: string, prompt: string, signal: AbortSignal) {
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: prompt.slice(0, PROMPT_CHARS) },
    ];
    const answer = await this.deps.registry.get(info).complete({ model, messages, maxTokens: 60, temperature: 0 }, signal);
    return parseLabel(answer.text);
  }
}
