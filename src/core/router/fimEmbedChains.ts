// The chains of the calls that are not chat, derived from a decision: fill-in-the-middle keeps the providers
// that serve it (and may be paid for), embeddings keep local providers only. Steps left out are skipped, with
// the reason, so the chain runner reports them like any other skip.
import { fimMethodFor } from '../config/fimTemplates';
import type { LoadedConfig, ProviderInfo } from '../config/model';
import { takesFimSuffix } from '../providers/registry';
import { parseTarget } from '../config/targets';
import type { ChainStep, Decision } from '../types';

/**
 * The FIM chain: inline.use (or the decision's chain), keeping only targets that serve FIM with the code after the
 * cursor (see config/fimTemplates.ts), may be paid for, and fit (`unfit`: the decider's window and missing-model
 * check, for inline.use targets the decision did not size); with `stayLocal` (why the privacy gate keeps the
 * request here) only local ones, whatever allow_paid says.
 */
export function fimDecision(config: LoadedConfig, base: Decision, stayLocal?: string, unfit?: (p: ProviderInfo, model: string) => string | undefined): Decision {
  const inline = config.raw.inline;
  const steps: ChainStep[] = inline.use
    ? inline.use.flatMap((text) => {
        const t = parseTarget(text);
        const p = 'error' in t ? undefined : config.providers.get(t.provider);
        if (!p || 'error' in t) return [];
        const model = t.model ?? config.resolveModel(p, 'code_generation', 'simple') ?? '';
        return [{ provider: p.name, model, reason: 'inline.use', ...(p.disabled ? { skipped: p.disabled } : {}) }];
      })
    : base.chain.map((s) => ({ ...s }));
  for (const s of steps) {
    const p = config.providers.get(s.provider);
    if (s.skipped || !p) continue;
    const method = p.fim && !takesFimSuffix(p) ? fimMethodFor(p, s.model) : undefined;
    if (!p.fim) s.skipped = 'no fill-in-the-middle (fim: false)';
    else if (!p.local && stayLocal) s.skipped = `stayed local: ${stayLocal}`;
    else if (!p.local && !inline.allow_paid) s.skipped = 'inline completions stay local (inline.allow_paid: false)';
    else if (method && 'unsupported' in method) s.skipped = method.unsupported;
    else if (inline.use) s.skipped = unfit?.(p, s.model);
    if (!s.skipped) delete s.skipped;
  }
  const head = steps.find((s) => !s.skipped);
  const { nothingFits: _sized, ...rest } = base; // the chat chain's sizing; the FIM chain has its own skips
  return {
    ...rest,
    chain: steps,
    estimatedCostUsd: head && config.providers.get(head.provider)?.local ? 0 : base.estimatedCostUsd,
    explanation:
      (head ? `fill-in-the-middle → ${head.provider}:${head.model} (${inline.use ? 'inline.use' : `rule "${base.rule.id}"`})` : 'fill-in-the-middle: no provider with fim: true is usable') +
      (stayLocal ? ` · stayed local: ${stayLocal}` : ''),
  };
}

/** The embedding chain: the decision's, with every provider that is not local skipped (embeddings are never paid). */
export function embedDecision(config: LoadedConfig, base: Decision): Decision {
  const chain = base.chain.map((s) => (s.skipped || config.providers.get(s.provider)?.local ? s : { ...s, skipped: 'embeddings stay local' }));
  return { ...base, chain, estimatedCostUsd: 0 };
}
