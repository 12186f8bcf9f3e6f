// The what-if editor: pick a rule, reorder, add or remove its targets, see the recent decisions re-routed
// with that chain, then save it into the config (or reset it).
import type { RuleRow } from '../../core/dashboard/protocol';
import { clampLast, currentDraft, move, sameList, useOf, type Draft } from '../draft';
import type { Actions, Shown } from '../model';
import { button, h, icon, type VNode } from '../vnode';
import { card } from './card';
import { whatIfTable } from './whatIfTable';

function setDraft(v: Shown, act: Actions, rule: number, chain: string[]) {
  v.ui.draft = { rule, chain };
  v.notice = null;
  act.persist();
  act.render();
  act.simulateSoon();
}

function ruleSelect(v: Shown, act: Actions, draft: Draft): VNode {
  const onchange = (value: string) => {
    const r = v.state.rules.find((x) => x.index === Number(value));
    if (r) setDraft(v, act, r.index, useOf(r));
  };
  const options = v.state.rules.filter((r) => r.editable).map((r) => h('option', { value: String(r.index), selected: r.index === draft.rule }, `#${r.index + 1} ${r.id}`));
  return h('select', { id: 'whatif-rule', dataset: { key: 'whatif-rule' }, onchange }, options);
}

function steps(v: Shown, act: Actions, draft: Draft, rule: RuleRow): VNode {
  const { chain } = draft;
  const set = (next: string[]) => setDraft(v, act, draft.rule, next);
  return h(
    'ol.draft',
    { 'aria-label': `Chain of rule ${rule.id}` },
    chain.map((t, i) =>
      h(
        'li.draft-step',
        {},
        h('span.step-num', {}, String(i + 1)),
        h('span.target', {}, t),
        h('span.spacer', {}),
        button(`Move ${t} up`, { icon: 'arrow-up', iconOnly: true, kind: 'icon', key: `up-${i}`, disabled: i === 0, onclick: () => set(move(chain, i, -1)) }),
        button(`Move ${t} down`, { icon: 'arrow-down', iconOnly: true, kind: 'icon', key: `down-${i}`, disabled: i === chain.length - 1, onclick: () => set(move(chain, i, 1)) }),
        button(`Remove ${t}`, { icon: 'close', iconOnly: true, kind: 'icon', key: `remove-${i}`, disabled: chain.length === 1, onclick: () => set(chain.filter((_, j) => j !== i)) }),
      ),
    ),
  );
}

/** A list of the targets not in the chain yet, and the button that appends the chosen one. */
function adder(v: Shown, act: Actions, draft: Draft): VNode[] {
  const choices = v.state.targets.filter((t) => !draft.chain.includes(t));
  const picked = () => (choices.includes(v.ui.add) ? v.ui.add : choices[0]);
  const onchange = (value: string) => {
    v.ui.add = value;
    act.persist();
  };
  const select = h('select', { id: 'whatif-add', dataset: { key: 'whatif-add' }, onchange }, choices.map((t) => h('option', { value: t, selected: t === picked() }, t)));
  const add = button('Add', {
    icon: 'add',
    key: 'whatif-add-btn',
    title: 'Add the chosen target at the end of the chain',
    disabled: !choices.length,
    onclick: () => {
      const t = picked();
      if (t) setDraft(v, act, draft.rule, [...draft.chain, t]);
    },
  });
  return [h('label', { for: 'whatif-add' }, 'Add'), select, add];
}

function lastInput(v: Shown, act: Actions): VNode {
  const onchange = (value: string) => {
    v.ui.last = clampLast(value);
    act.persist();
    act.simulateSoon();
  };
  return h('input', { id: 'whatif-last', type: 'number', min: '1', max: '50', value: String(v.ui.last), dataset: { key: 'whatif-last' }, onchange });
}

function actions(v: Shown, act: Actions, draft: Draft, live: string[], dirty: boolean): VNode {
  const save = button('Save to config', {
    icon: 'save',
    kind: 'primary',
    key: 'whatif-save',
    disabled: !dirty || v.state.readOnly,
    title: v.state.readOnly ? 'The shipped default config is read-only: open your own copy first' : `Write this chain into ${v.state.configFile}`,
    onclick: () => act.post({ type: 'save', rule: draft.rule, chain: draft.chain }),
  });
  const reset = button('Reset', { icon: 'discard', key: 'whatif-reset', disabled: !dirty, title: 'Back to the live chain', onclick: () => setDraft(v, act, draft.rule, live) });
  return h('div.actions', {}, save, reset);
}

export function whatIfSection(v: Shown, act: Actions): VNode {
  const current = currentDraft(v);
  if (!current) return card(v, act, 'whatif', null, h('p.muted', {}, 'No rule with a chain of its own to edit.'));
  if (current.reset) act.persist();
  const { draft } = current;
  const rule = v.state.rules.find((r) => r.index === draft.rule)!;
  const live = useOf(rule);
  const dirty = !sameList(live, draft.chain);
  const result = v.whatIf && v.whatIf.rule === draft.rule ? v.whatIf : null;
  const fallback = result ? result.chain.filter((c) => c.fromFallback).map((c) => c.target) : [];
  const notice = v.notice;
  return card(v, act, 'whatif', dirty ? h('span.badge.accent', {}, 'edited') : null, [
    h('div.form-row', {}, h('label', { for: 'whatif-rule' }, 'Rule'), ruleSelect(v, act, draft)),
    h('div.rule-when.small', {}, h('span.k', {}, 'when '), rule.when, h('span.muted', {}, ` · live chain: ${live.join(' → ')}`)),
    steps(v, act, draft, rule),
    fallback.length ? h('p.small.muted', {}, `then fallback_chain: ${fallback.join(' → ')}`) : null,
    h('div.form-row', {}, adder(v, act, draft)),
    h('div.form-row', {}, h('label', { for: 'whatif-last' }, 'Re-route the last'), lastInput(v, act), h('span.muted', {}, 'decisions')),
    v.whatIfError ? h('p.error-text', { role: 'alert' }, v.whatIfError) : null,
    result ? whatIfTable(result) : null,
    actions(v, act, draft, live, dirty),
    h('p.notice.small', { role: 'status', 'aria-live': 'polite' }, notice ? [icon(notice.ok ? 'check' : 'warning'), ' ', notice.message] : ''),
  ]);
}
