// "provider" or "provider:model" (the model may itself contain colons: ollama:deepseek-coder:6.7b).
import type { Target } from './model';

const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function parseTarget(text: string): Target | { error: string } {
  const trimmed = text.trim();
  if (trimmed !== text || trimmed === '') return { error: `malformed target "${text}": no spaces, not empty` };
  const colon = text.indexOf(':');
  const provider = colon < 0 ? text : text.slice(0, colon);
  const model = colon < 0 ? undefined : text.slice(colon + 1);
  if (!PROVIDER_NAME.test(provider)) return { error: `malformed target "${text}": "${provider}" is not a provider name` };
  if (model !== undefined && (model === '' || /\s/.test(model))) {
    return { error: `malformed target "${text}": expected "provider" or "provider:model"` };
  }
  return model === undefined ? { provider } : { provider, model };
}

export function formatTarget(t: Target): string {
  return t.model ? `${t.provider}:${t.model}` : t.provider;
}
