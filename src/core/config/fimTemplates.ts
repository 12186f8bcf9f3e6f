// How one target can be sent the code after the cursor. (Ollama takes `suffix` and applies the model's own
// template: its adapter needs none of this.) A llama.cpp server (`server: llama.cpp`) has /infill; any other OpenAI-compatible server gets the
// model family's own FIM prompt through /v1/completions (llama.cpp's /v1/completions accepts `suffix` and
// ignores it, vLLM rejects it). The families are data (config/fim_templates.json), chosen by `fim_template` in
// the YAML or by the model id. A target with no known way is skipped for FIM: never half the file. Pure.
import table from '../../../config/fim_templates.json';
import type { ProviderInfo } from './model';

export interface FimTemplate {
  match?: string[];
  prompt: string;
  stop?: string[];
}

export type FimMethod =
  /** The API's own `suffix` field (Ollama's /api/generate, or a server the YAML says honours it). */
  | { kind: 'suffix' }
  /** llama.cpp's /infill: input_prefix and input_suffix. */
  | { kind: 'infill' }
  /** A prompt in the family's FIM format, through /v1/completions. */
  | { kind: 'template'; name: string; prompt: string; stop: string[] };

export const FIM_TEMPLATES: Readonly<Record<string, FimTemplate>> = (table as { templates: Record<string, FimTemplate> }).templates;

/** `fim_template` value that means "this server honours the `suffix` field". */
export const NATIVE_SUFFIX = 'suffix';

/** A `fim_template` the YAML may name: a family, `suffix`, or an inline prompt with {prefix} and {suffix}. */
export function isKnownFimTemplate(value: string): boolean {
  return value === NATIVE_SUFFIX || value in FIM_TEMPLATES || (value.includes('{prefix}') && value.includes('{suffix}'));
}

function fromValue(value: string): FimMethod {
  if (value === NATIVE_SUFFIX) return { kind: 'suffix' };
  const t = FIM_TEMPLATES[value];
  return t ? { kind: 'template', name: value, prompt: t.prompt, stop: t.stop ?? [] } : { kind: 'template', name: 'fim_template', prompt: value, stop: [] };
}

/**
 * How an OpenAI-shaped server takes prefix and suffix for `model` on `p`, or why it cannot. (An API whose own
 * FIM takes a suffix, Ollama's, does not ask: see providers/registry.ts.)
 */
export function fimMethodFor(p: ProviderInfo, model: string): FimMethod | { unsupported: string } {
  if (p.server === 'llama.cpp') return { kind: 'infill' };
  const chosen = p.fimTemplates[model] ?? p.fimTemplate;
  if (chosen !== undefined) return fromValue(chosen);
  const id = model.toLowerCase();
  for (const [name, t] of Object.entries(FIM_TEMPLATES)) {
    if (t.match?.some((m) => id.includes(m.toLowerCase()))) return { kind: 'template', name, prompt: t.prompt, stop: t.stop ?? [] };
  }
  return { unsupported: `no known way to send the code after the cursor to ${model} (set fim_template, or server: llama.cpp)` };
}

/** The prompt for a template: prefix and suffix in their places; code that itself holds "{suffix}" stays as it is. */
export function renderFimPrompt(prompt: string, prefix: string, suffix: string): string {
  return prompt
    .split(/(\{prefix\}|\{suffix\})/)
    .map((part) => (part === '{prefix}' ? prefix : part === '{suffix}' ? suffix : part))
    .join('');
}
