// ProviderInfo (from the config) -> its adapter, built once per ProviderInfo. A new config brings new
// ProviderInfo objects and so new adapters; the old ones are garbage-collected with the old config.
import type { ProviderInfo } from '../config/model';
import type { ProviderType } from '../types';
import { createAnthropicProvider } from './anthropic';
import { createGroqProvider } from './groq';
import { createOllamaProvider } from './ollama';
import { createOpenAIProvider } from './openai';
import type { Provider } from './types';

export type ProviderFactory = (info: ProviderInfo) => Provider;

/** One adapter per entry of PROVIDER_TYPES (core/types.ts); a type without an adapter does not compile. */
export const ADAPTERS: Readonly<Record<ProviderType, ProviderFactory>> = {
  ollama: createOllamaProvider,
  anthropic: createAnthropicProvider,
  openai: createOpenAIProvider,
  openai_compatible: createOpenAIProvider,
  groq: createGroqProvider,
};

/** APIs whose own fill-in-the-middle takes the code after the cursor (Ollama's `suffix`, templated by the server). */
export function takesFimSuffix(info: ProviderInfo): boolean {
  return info.type === 'ollama';
}

/** Which APIs can download a model onto their server (Ollama's /api/pull). */
export function canPullModels(info: ProviderInfo): boolean {
  return info.type === 'ollama';
}

export class ProviderRegistry {
  private readonly built = new WeakMap<ProviderInfo, Provider>();

  /** `override` lets tests (and later the extension) supply an adapter; undefined falls back to the SDK ones. */
  constructor(private readonly override?: (info: ProviderInfo) => Provider | undefined) {}

  get(info: ProviderInfo): Provider {
    let p = this.built.get(info);
    if (!p) {
      p = this.override?.(info) ?? ADAPTERS[info.type](info);
      this.built.set(info, p);
    }
    return p;
  }
}

export type { Provider, ProviderChunk, ProviderRequest, FimRequest, DeltaChunk, Completion } from './types';
