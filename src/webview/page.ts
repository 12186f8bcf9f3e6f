// The whole page: a header (spend pill, config file), then the sections in two columns when wide.
import { money } from './format';
import type { Actions, Shown } from './model';
import { decisionsSection } from './sections/decisions';
import { providersSection } from './sections/providers';
import { rulesSection } from './sections/rules';
import { spendSection } from './sections/spend';
import { whatIfSection } from './sections/whatIf';
import { button, h, icon, type VNode } from './vnode';

/** The config file as the header shows it: in full in the panel, its last two parts in the narrow view. */
export function configLabel(v: Shown): string {
  const file = v.mode === 'panel' ? v.state.configFile : v.state.configFile.split(/[\\/]/).slice(-2).join('/');
  return `${v.state.readOnly ? 'shipped default (read-only): ' : ''}${file}`;
}

function header(v: Shown, act: Actions): VNode {
  const sp = v.state.spend;
  return h(
    'header.top',
    {},
    v.mode === 'panel' ? h('h1', {}, icon('dashboard'), ' LLM Router') : null,
    sp ? h(`span.pill-state.state-${sp.state}`, { title: 'Spent today of the daily budget' }, `${money(sp.spentUsd)} / ${money(sp.budgetUsd)}`) : null,
    h('span.spacer', {}),
    v.mode === 'view' ? button('Open in editor', { icon: 'link-external', iconOnly: true, kind: 'icon', key: 'open-panel', onclick: () => act.post({ type: 'openPanel' }) }) : null,
    h('div.config-file.small.muted', { title: v.state.configFile }, icon('file'), ` ${configLabel(v)}`),
  );
}

export function page(v: Shown, act: Actions): VNode[] {
  if (v.state.problem) return [header(v, act), h('p.error-text', { role: 'alert' }, v.state.problem)];
  return [
    header(v, act),
    h(
      'div.grid',
      {},
      // Two columns when wide (rules and providers | decisions and spend); one column, in reading order, when narrow.
      h('div.col', {}, rulesSection(v, act), providersSection(v, act)),
      h('div.col', {}, decisionsSection(v, act), spendSection(v, act)),
      whatIfSection(v, act),
    ),
  ];
}
