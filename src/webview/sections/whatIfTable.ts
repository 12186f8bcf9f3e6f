// The what-if's result: the recent decisions re-routed with the live rules and with the draft, side by side.
import type { WhatIfResult } from '../../core/dashboard/protocol';
import { clock, money, plural } from '../format';
import { h, icon, type VNode } from '../vnode';

/** "(same)", "(+$0.12)", "(−$0.03)", or "(slightly more)" when the difference is below what money() shows. */
export function delta(diff: number): string {
  if (diff === 0) return ' (same)';
  if (Math.abs(diff) < 0.0001) return ` (slightly ${diff > 0 ? 'more' : 'less'})`;
  return ` (${diff > 0 ? '+' : '−'}${money(Math.abs(diff))})`;
}

function row(x: WhatIfResult['rows'][number]): VNode {
  return h(
    `tr${x.changed ? '.changed' : ''}`,
    {},
    h('td', {}, h('div', {}, `${x.action || 'request'} · ${x.taskType} · ${x.complexity}`), h('div.small.muted', {}, `${x.at ? clock(x.at) : 'earlier'} · actual ${x.actual.target || '–'} ${money(x.actual.costUsd)}`)),
    h('td', {}, h('div', {}, x.before.target || 'no route'), h('div.small.muted', {}, money(x.before.costUsd))),
    h('td', {}, h('div', {}, x.changed ? icon('arrow-right', 'changed') : null, x.after.target || 'no route'), h('div.small.muted', {}, money(x.after.costUsd))),
  );
}

export function whatIfTable(r: WhatIfResult): VNode {
  if (!r.rows.length) return h('p.muted', {}, 'No recorded decisions to re-route yet.');
  const diff = r.totals.after - r.totals.before;
  const summary = h(
    'p.whatif-summary',
    {},
    `Last ${plural(r.considered, 'decision')}: `,
    h('span', {}, `actual ${money(r.totals.actual)}`),
    ' · ',
    h('span', {}, `live rules ${money(r.totals.before)}`),
    ' · ',
    h('strong', {}, `with this chain ${money(r.totals.after)}`),
    h(`span.delta${diff > 0 ? '.up' : diff < 0 ? '.down' : ''}`, {}, delta(diff)),
  );
  const changed = r.rows.filter((x) => x.changed).length;
  const head = h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Decision'), h('th', { scope: 'col' }, 'Live rules'), h('th', { scope: 'col' }, 'With this chain')));
  return h(
    'div.whatif-result',
    {},
    summary,
    h('p.small.muted', {}, `${plural(changed, 'decision')} would go elsewhere. Re-routed as if under budget; priced from the tokens each really used.`),
    h('table.whatif-table', {}, head, h('tbody', {}, r.rows.map(row))),
  );
}
