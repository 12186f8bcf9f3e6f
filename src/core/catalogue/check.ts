// The configured models against what each reachable provider lists: a model it does not serve becomes a
// problem at its line in the YAML, with "did you mean" when the list holds a close id. A provider that is off
// or was not reached is not judged. Pure.
import type { LoadedConfig, ModelRef } from '../config/model';
import { closest } from '../config/suggest';
import { canPullModels } from '../providers/registry';

export interface ModelProblem extends ModelRef {
  /** `not-pulled`: an Ollama model that `ollama pull` can fetch; `not-served`: absent from the provider's list. */
  code: 'not-pulled' | 'not-served';
  /** Routing uses it (a target, a default): a warning. Only listed in `models`: information. */
  severity: 'warning' | 'information';
  message: string;
  /** The close id from the provider's own list, if any. */
  suggestion?: string;
}

/** An id as a user writes it: without Gemini's `models/` prefix or Ollama's default `:latest` tag. */
const bare = (id: string) => id.replace(/^models\//, '').replace(/:latest$/, '');

/** An alias is served when the list holds it, its `:latest` tag, Gemini's `models/` form, or a dated snapshot of it. */
export function isServed(model: string, ids: readonly string[]): boolean {
  const want = bare(model);
  return ids.some((id) => {
    const have = bare(id);
    if (have === want) return true;
    const rest = have.startsWith(want + '-') ? have.slice(want.length + 1) : '';
    if (/^(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/.test(rest)) return true; // claude-x-5 → claude-x-5-20260929
    return want.endsWith('-latest') && have.startsWith(want.slice(0, -'latest'.length));
  });
}

export function findModelProblems(config: LoadedConfig, listed: (provider: string) => readonly string[] | undefined): ModelProblem[] {
  const out: ModelProblem[] = [];
  for (const ref of config.modelRefs ?? []) {
    const p = config.providers.get(ref.provider);
    const ids = listed(ref.provider);
    if (!p || p.disabled || !ids || isServed(ref.model, ids)) continue;
    const suggestion = closest(ref.model, ids.map(bare));
    const pullable = canPullModels(p);
    const what = pullable ? `is not pulled in ${p.name} (${p.baseUrl}): \`ollama pull ${ref.model}\`` : `is not served by ${p.name}: its model list (${ids.length}) does not have it`;
    out.push({
      ...ref,
      code: pullable ? 'not-pulled' : 'not-served',
      severity: ref.routed ? 'warning' : 'information',
      message: `model "${ref.model}" ${what}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return out;
}
