// The last decisions, newest first: a one-line summary that opens to the why, the rule, tokens and attempts.
import type { DecisionRow } from '../../core/dashboard/protocol';
import { clock, money, tokens } from '../format';
import type { Actions, Shown } from '../model';
import { h, icon, type VNode } from '../vnode';
import { card } from './card';

/** How many open decisions the page remembers. */
const MAX_OPEN = 50;

function attemptIcon(outcome: string): VNode {
  if (outcome === 'ok') return icon('pass-filled', 'ok');
  if (outcome.startsWith('skipped')) return icon('circle-slash', 'skipped');
  return icon('error', 'failed');
}

function summary(d: DecisionRow): VNode {
  const t = d.tokens;
  return h(
    'summary',
    { dataset: { key: `decision-${d.id}` } },
    h(
      'div.sum-line',
      {},
      h('span.time', {}, d.at ? clock(d.at) : 'earlier'),
      h('span.action', {}, d.action || d.kind),
      h('span.spacer', {}),
      d.cached ? h('span.badge', { title: 'Answered from the cache' }, icon('database'), ' cached') : null,
      d.outcome !== 'ok' ? h('span.badge.warn', {}, d.outcome) : null,
      h('span.cost', {}, money(d.costUsd)),
    ),
    h('div.sum-target', {}, icon('arrow-right'), ' ', h('span.target', {}, d.target || 'no answer')),
    h('div.sum-facts.small.muted', {}, `${d.taskType} · ${d.complexity} · ${Math.round(d.latencyMs)} ms · ${tokens(t.input + t.cacheRead + t.cacheWrite)} → ${tokens(t.output)} tokens`),
  );
}

function facts(d: DecisionRow, act: Actions): VNode {
  const t = d.tokens;
  return h(
    'dl.facts',
    {},
    h('dt', {}, 'Rule'),
    h('dd', {}, h('button.link', { type: 'button', onclick: () => act.post({ type: 'openRule', index: d.rule.index }) }, `${d.rule.id}${d.rule.line ? ` (L${d.rule.line})` : ''}`)),
    h('dt', {}, 'Tokens'),
    h(
      'dd',
      {},
      `${tokens(t.input)} in · ${tokens(t.output)} out`,
      t.cacheRead || t.cacheWrite ? ` · cache ${tokens(t.cacheRead)} read, ${tokens(t.cacheWrite)} written` : '',
      d.estimated ? ' (estimated)' : '',
    ),
    h('dt', {}, 'Context'),
    h('dd', {}, `${tokens(d.contextTokens)} tokens`),
    d.error ? h('dt', {}, 'Error') : null,
    d.error ? h('dd.error-text', {}, d.error) : null,
  );
}

function attempts(d: DecisionRow): VNode | null {
  if (!d.attempts.length) return null;
  return h(
    'ol.attempts',
    { 'aria-label': 'Attempts' },
    d.attempts.map((a) => h('li', {}, attemptIcon(a.outcome), h('span.target', {}, a.target), h('span.muted', {}, ` ${a.outcome}${a.status ? ` (HTTP ${a.status})` : ''} · ${Math.round(a.ms)} ms`))),
  );
}

function decisionItem(v: Shown, act: Actions, d: DecisionRow): VNode {
  const details = h(
    `details.decision.outcome-${d.outcome}`,
    {
      open: v.ui.open.includes(d.id),
      dataset: { id: String(d.id) },
      ontoggle: (open) => {
        const ids = v.ui.open;
        v.ui.open = open ? [...new Set([...ids, d.id])].slice(-MAX_OPEN) : ids.filter((x) => x !== d.id);
        act.persist();
      },
    },
    summary(d),
    h('p.why', {}, d.explanation),
    facts(d, act),
    attempts(d),
  );
  return h('li', {}, details);
}

export function decisionsSection(v: Shown, act: Actions): VNode {
  const ds = v.state.decisions;
  const body = ds.length
    ? h('ol.decisions', { 'aria-label': 'Last decisions, newest first' }, ds.map((d) => decisionItem(v, act, d)))
    : h('p.muted.empty', {}, 'No decisions yet. Run an LLM Router action (Explain, Refactor, Ask…) and it shows here.');
  return card(v, act, 'decisions', h('span.muted.small', {}, ds.length ? `last ${ds.length}` : ''), body);
}
