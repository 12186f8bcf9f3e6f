// The rules in order (first match wins): when, chain, reason, hits today, YAML line; the providers that are off.
import type { RuleRow } from '../../core/dashboard/protocol';
import { plural } from '../format';
import type { Actions, Shown } from '../model';
import { h, icon, type VNode } from '../vnode';
import { card } from './card';

export function chainPills(chain: RuleRow['chain']): VNode {
  return h(
    'ol.chain',
    {},
    chain.map((c, i) =>
      h(
        `li.pill${c.fromFallback ? '.fallback' : ''}${c.disabled ? '.disabled' : ''}`,
        { title: c.disabled ? `off: ${c.disabled}` : c.fromFallback ? 'from fallback_chain' : `step ${i + 1}` },
        c.disabled ? icon('circle-slash', `off: ${c.disabled}`) : null,
        h('span', {}, c.target),
        c.fromFallback ? h('span.sr-only', {}, ' (fallback)') : null,
      ),
    ),
  );
}

function ruleItem(r: RuleRow, act: Actions): VNode {
  return h(
    `li.rule${r.last ? '.last' : ''}`,
    { dataset: { rule: r.id } },
    h(
      'div.rule-head',
      {},
      h('span.rule-num', {}, `#${r.index + 1}`),
      h(
        'button.link.rule-open',
        {
          type: 'button',
          dataset: { key: `rule-${r.index}` },
          title: r.line ? `Open the config at line ${r.line}` : 'Open the config',
          'aria-label': `Rule ${r.id}${r.line ? `, line ${r.line}` : ''}: open in the config`,
          onclick: () => act.post({ type: 'openRule', index: r.index }),
        },
        r.id,
      ),
      r.last ? h('span.badge.accent', { title: 'The rule behind the last decision' }, 'last', h('span.sr-only', {}, ' decision')) : null,
      h('span.spacer', {}),
      h(
        'span.rule-meta',
        {},
        h('span.hits', { title: 'Requests routed by this rule today (every window and the CLI)' }, plural(r.hits, 'hit')),
        r.line ? h('span.line', { title: 'YAML line' }, ` · L${r.line}`) : null,
      ),
    ),
    h('div.rule-when', {}, h('span.k', {}, 'when '), r.when),
    chainPills(r.chain),
    h('div.rule-reason', {}, r.reason),
  );
}

export function rulesSection(v: Shown, act: Actions): VNode {
  const { rules, providers } = v.state;
  const off = providers.filter((p) => p.disabled);
  const list = h('ol.rules', { 'aria-label': 'Routing rules, first match wins' }, rules.map((r) => ruleItem(r, act)));
  const offList = off.length
    ? h('div.off-list', { role: 'note' }, h('h3', {}, icon('circle-slash'), ' Providers off'), h('ul', {}, off.map((p) => h('li', {}, h('strong', {}, p.name), `: ${p.disabled}`))))
    : null;
  return card(v, act, 'rules', h('span.muted.small', {}, plural(rules.length, 'rule')), [list, offList]);
}
