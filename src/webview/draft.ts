// The what-if draft: a rule's chain as the user edits it, before it is saved.
import type { FromView, RuleRow } from '../core/dashboard/protocol';
import type { Shown } from './model';
import type { UiState } from './uiState';

export type Draft = NonNullable<UiState['draft']>;

/** A rule's own targets (its `use`), without the ones fallback_chain appends. */
export const useOf = (rule: RuleRow): string[] => rule.chain.filter((c) => !c.fromFallback).map((c) => c.target);

export const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** `list` with the item at `i` moved `by` places. */
export function move<T>(list: readonly T[], i: number, by: number): T[] {
  const out = list.slice();
  const [x] = out.splice(i, 1);
  out.splice(i + by, 0, x);
  return out;
}

/** The draft, reset to a rule's live chain when it no longer fits the config (first `rules` rule first). */
export function currentDraft(v: Shown): { draft: Draft; reset: boolean } | null {
  const editable = v.state.rules.filter((r) => r.editable);
  if (!editable.length) return null;
  const d = v.ui.draft;
  if (d && editable.some((r) => r.index === d.rule)) return { draft: d, reset: false };
  const first = editable.find((r) => r.source === 'rules') ?? editable[0];
  v.ui.draft = { rule: first.index, chain: useOf(first) };
  return { draft: v.ui.draft, reset: true };
}

/** The message that re-routes the recent decisions with the draft, if there is one to send. */
export function simulation(ui: UiState): FromView | null {
  return ui.draft && ui.draft.chain.length ? { type: 'whatIf', rule: ui.draft.rule, chain: ui.draft.chain, last: ui.last } : null;
}

/** The what-if's "Re-route the last N" input: 1 to 50, 10 when it is not a number. */
export const clampLast = (text: string): number => Math.max(1, Math.min(50, Math.round(Number(text) || 10)));
