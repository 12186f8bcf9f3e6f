// Today's spend against the budget, what the routing saved against one premium model, and the breakdowns.
import type { SpendView } from '../../core/dashboard/protocol';
import { money, pct, plural } from '../format';
import type { Actions, Shown } from '../model';
import { h, icon, type VNode } from '../vnode';
import { card } from './card';
import { barList, budgetBar, dayChart } from './charts';

function stateBadge(sp: SpendView): VNode | null {
  if (sp.state === 'exhausted') return h('span.badge.error', {}, icon('error'), ' budget exhausted: local only');
  if (sp.state === 'warning') return h('span.badge.warn', {}, icon('warning'), ` past ${pct(sp.warningThreshold)}`);
  return null;
}

/** "Everything on <premium> would have cost …": what the rules saved over the chart's days. */
export function savingLine(sp: SpendView): string | null {
  const p = sp.premium;
  if (!p) return null;
  if (!(p.premiumUsd > 0)) return `No usage recorded yet to compare with everything on ${p.target}.`;
  const saved = money(Math.max(0, p.premiumUsd - p.actualUsd));
  const share = pct(Math.max(0, 1 - p.actualUsd / p.premiumUsd));
  return `Everything on ${p.target} would have cost ${money(p.premiumUsd)} over ${sp.days.length} days; it cost ${money(p.actualUsd)}: saved ${saved} (${share}). Today: ${money(p.todayActualUsd)} instead of ${money(p.todayPremiumUsd)}.`;
}

export function spendSection(v: Shown, act: Actions): VNode {
  const sp = v.state.spend;
  if (!sp) return card(v, act, 'spend', null, h('p.muted', {}, 'No budget information yet.'));
  const saving = savingLine(sp);
  return card(v, act, 'spend', stateBadge(sp), [
    h(
      'div.today',
      {},
      h('div.big', {}, h('span.amount', {}, money(sp.spentUsd)), h('span.muted', {}, ` of ${money(sp.budgetUsd)} today`)),
      budgetBar(sp),
      h(
        'div.small.muted',
        {},
        `${plural(sp.requests, 'request')} · ${money(sp.reservedUsd)} reserved · ${money(sp.remainingUsd)} left · `,
        h('span.warn-key', {}, `warning at ${pct(sp.warningThreshold)} (${money(sp.budgetUsd * sp.warningThreshold)})`),
      ),
    ),
    saving !== null ? h('p.saving', {}, icon('zap'), ' ', saving) : null,
    h('div.breakdowns', {}, barList('Per provider, today', sp.byProvider), barList('Per model, today', sp.byModel)),
    dayChart(sp),
  ]);
}
