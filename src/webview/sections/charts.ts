// The spend charts, as SVG: today's budget bar, cost bars per key, and spend per day against the budget.
import type { SpendView } from '../../core/dashboard/protocol';
import { money, pct, plural } from '../format';
import { h, s, type VNode } from '../vnode';

/** Spent (and reserved) today against the budget, with the warning threshold marked. */
export function budgetBar(sp: SpendView): VNode {
  const W = 300;
  const max = Math.max(sp.budgetUsd, sp.spentUsd + sp.reservedUsd, 1e-9);
  const x = (v: number) => Math.min(W, (v / max) * W);
  const warnX = x(sp.budgetUsd * sp.warningThreshold);
  return s(
    'svg.budget-bar',
    { viewBox: `0 0 ${W} 22`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${money(sp.spentUsd)} of ${money(sp.budgetUsd)} spent today, warning at ${pct(sp.warningThreshold)}` },
    s('rect.track', { x: 0, y: 4, width: W, height: 14, rx: 2 }),
    s(`rect.spent.state-${sp.state}`, { x: 0, y: 4, width: x(sp.spentUsd), height: 14, rx: 2 }),
    sp.reservedUsd > 0 ? s('rect.reserved', { x: x(sp.spentUsd), y: 4, width: x(sp.reservedUsd), height: 14 }) : null,
    s('line.warn-mark', { x1: warnX, x2: warnX, y1: 0, y2: 22 }, s('title', {}, `warning threshold ${pct(sp.warningThreshold)}`)),
  );
}

/** One bar per row, scaled to the largest cost; nothing when there are no rows. */
export function barList(title: string, rows: SpendView['byProvider']): VNode | null {
  if (!rows.length) return null;
  const max = Math.max(...rows.map((r) => r.costUsd), 1e-12);
  const item = (r: SpendView['byProvider'][number]) =>
    h(
      'li',
      {},
      h('span.bar-label', { title: r.key }, r.key),
      h('span.bar-value', {}, `${money(r.costUsd)} · ${plural(r.requests, 'req')}`),
      s(
        'svg.bar',
        { viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
        s('rect.bar-track', { x: 0, y: 0, height: 6, width: 100 }),
        s('rect.bar-fill', { x: 0, y: 0, height: 6, width: Math.max(r.costUsd > 0 ? 1 : 0, (r.costUsd / max) * 100) }),
      ),
    );
  return h('div.bars', {}, h('h3', {}, title), h('ul', {}, rows.map(item)));
}

/** Spend per local day, oldest first, with the budget and warning lines; described in words for screen readers. */
export function dayChart(sp: SpendView): VNode {
  const days = sp.days;
  const [W, H, top, bottom, left] = [600, 150, 10, 22, 4];
  const max = Math.max(sp.budgetUsd, ...days.map((d) => d.costUsd), 1e-9);
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const bw = (W - left) / days.length;
  const total = days.reduce((n, d) => n + d.costUsd, 0);
  const peak = days.reduce((a, d) => (d.costUsd > a.costUsd ? d : a), days[0] ?? { key: '', costUsd: 0, requests: 0 });
  const label = `Spend per day, last ${days.length} days: ${money(total)} in all${peak.costUsd > 0 ? `, most on ${peak.key} (${money(peak.costUsd)})` : ''}. Daily budget ${money(sp.budgetUsd)}.`;
  const warnY = y(sp.budgetUsd * sp.warningThreshold);
  const budgetY = y(sp.budgetUsd);
  return h(
    'figure.chart',
    {},
    s(
      'svg.days',
      { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
      s('line.axis', { x1: left, x2: W, y1: y(0), y2: y(0) }),
      days.map((d, i) =>
        s(
          `rect.day${i === days.length - 1 ? '.today' : ''}${d.costUsd > sp.budgetUsd * sp.warningThreshold ? '.over' : ''}`,
          { x: left + i * bw + bw * 0.15, width: bw * 0.7, y: y(d.costUsd), height: Math.max(d.costUsd > 0 ? 1 : 0, y(0) - y(d.costUsd)) },
          s('title', {}, `${d.key}: ${money(d.costUsd)}, ${plural(d.requests, 'request')}`),
        ),
      ),
      s('line.budget-line', { x1: left, x2: W, y1: budgetY, y2: budgetY }),
      s('line.warn-line', { x1: left, x2: W, y1: warnY, y2: warnY }),
      s('text.tick', { x: W - 2, y: budgetY > top + 12 ? budgetY - 3 : budgetY + 11, 'text-anchor': 'end' }, `budget ${money(sp.budgetUsd)}`),
      days.length ? s('text.tick', { x: left, y: H - 6 }, days[0].key.slice(5)) : null,
      days.length ? s('text.tick', { x: W - 2, y: H - 6, 'text-anchor': 'end' }, 'today') : null,
    ),
    h('figcaption.muted.small', {}, `${days.length} days: ${money(total)}`),
  );
}
