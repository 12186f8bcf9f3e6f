// A provider check's results into the catalogue (ids and reported windows, for decisions) and into problems
// (configured models a provider does not serve). For Ollama, whose list reports no window, the models the
// config uses are described one by one (/api/show).
import type { LoadedConfig } from '../config/model';
import { configuredWindow } from './window';
import type { ProviderHealth } from '../providers/health';
import type { ProviderRegistry } from '../providers/registry';
import type { ModelCatalogue } from './catalogue';
import { findModelProblems, isServed, type ModelProblem } from './check';

export function applyHealth(config: LoadedConfig, catalogue: ModelCatalogue, health: readonly ProviderHealth[]): ModelProblem[] {
  const listed = new Map<string, string[]>();
  for (const h of health) {
    if (h.status !== 'ok' || !h.models) continue;
    listed.set(h.name, h.models);
    catalogue.learnList(h.name, h.models.map((id) => ({ id, contextWindow: h.contextWindows?.[id] })));
  }
  return findModelProblems(config, (name) => listed.get(name));
}

/** Learns the windows of the models the config names that a provider serves but did not size in its list. */
export async function describeReferenced(config: LoadedConfig, catalogue: ModelCatalogue, registry: ProviderRegistry, signal: AbortSignal): Promise<void> {
  const seen = new Set<string>();
  const jobs: Promise<void>[] = [];
  for (const ref of config.modelRefs ?? []) {
    const info = config.providers.get(ref.provider);
    const ids = catalogue.listed(ref.provider);
    const key = `${ref.provider}\u0000${ref.model}`;
    if (!info || info.disabled || !ids || seen.has(key) || !isServed(ref.model, ids)) continue;
    seen.add(key);
    if (configuredWindow(info, ref.model) !== undefined || catalogue.windowOf(info.name, ref.model) !== undefined) continue;
    const provider = registry.get(info);
    if (!provider.describeModel) continue;
    jobs.push(
      provider.describeModel(ref.model, signal).then(
        (d) => catalogue.learnWindow(info.name, ref.model, d.contextWindow),
        () => undefined,
      ),
    );
  }
  await Promise.all(jobs);
}
