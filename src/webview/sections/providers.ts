// Each provider: tier, type, reachability (after "Check now"), cooldown, rate limit and the last request.
import type { ProviderRow } from '../../core/dashboard/protocol';
import { clock, plural } from '../format';
import type { Actions, Shown } from '../model';
import { button, h, icon, type VNode } from '../vnode';
import { card } from './card';

export function providerStatus(p: ProviderRow): VNode {
  if (p.disabled) return h('span.status.off', {}, icon('circle-slash'), ' off');
  if (p.coolingUntil) return h('span.status.warn', {}, icon('watch'), ` cooling until ${clock(p.coolingUntil)}`);
  const hl = p.health;
  if (!hl) return h('span.status.unknown', {}, icon('circle-filled'), ' not checked');
  if (hl.status === 'checking') return h('span.status.unknown', {}, h('span.codicon.codicon-loading.codicon-modifier-spin', { 'aria-hidden': 'true' }), ' checking');
  if (hl.status === 'ok') return h('span.status.ok', {}, icon('pass-filled'), ' reachable');
  if (hl.status === 'off') return h('span.status.off', {}, icon('circle-slash'), ' off');
  return h('span.status.error', {}, icon('error'), ' unreachable');
}

/** Latency, models, when checked; then rate limit, recent failures, the last request. */
export function providerFacts(p: ProviderRow): string[] {
  const hl = p.health;
  const facts: string[] = [];
  if (hl?.latencyMs !== undefined && hl.status !== 'checking') facts.push(`${hl.latencyMs} ms`);
  if (hl?.models !== undefined) facts.push(plural(hl.models, 'model'));
  if (hl?.checkedAt && hl.status !== 'off') facts.push(`checked ${clock(hl.checkedAt)}`);
  if (p.rateLimit) facts.push(`rate limit ${Math.floor(p.rateLimit.available)} of ${p.rateLimit.rpm}/min free`);
  if (p.recentFailures) facts.push(plural(p.recentFailures, 'recent failure'));
  const t = p.lastTry;
  // A cancelled request (the user typed on, pressed Cancel) is not a failure of the provider.
  if (t) facts.push(`last request ${t.outcome === 'ok' || t.outcome === 'cancelled' ? t.outcome : 'failed'}${t.at ? ` at ${clock(t.at)}` : ''} (${Math.round(t.ms)} ms)`);
  return facts;
}

function providerItem(p: ProviderRow, act: Actions): VNode {
  const facts = providerFacts(p);
  const hl = p.health;
  return h(
    'li.provider',
    { dataset: { provider: p.name } },
    h(
      'div.provider-head',
      {},
      h('button.link', { type: 'button', title: `Open the config at line ${p.line}`, 'aria-label': `Provider ${p.name}: open in the config`, onclick: () => act.post({ type: 'openProvider', name: p.name }) }, p.name),
      h('span.muted.small', {}, `${p.tier} · ${p.type}${p.local ? ' · local' : ''}`),
      h('span.spacer', {}),
      providerStatus(p),
    ),
    facts.length ? h('div.small.muted', {}, facts.join(' · ')) : null,
    p.disabled ? h('div.small.reason', {}, p.disabled) : null,
    hl?.error && hl.status === 'unreachable' ? h('div.small.error-text', {}, hl.error) : null,
    p.missing?.length ? h('ul.missing', { 'aria-label': `Models ${p.name} lacks` }, p.missing.map((m) => missingItem(p, m, act))) : null,
  );
}

/** A configured model the provider did not list: where the config first names it, and a Pull button where it can pull. */
function missingItem(p: ProviderRow, m: NonNullable<ProviderRow['missing']>[number], act: Actions): VNode {
  return h(
    'li.small.warn-text',
    { dataset: { model: m.model } },
    icon('warning'),
    ` ${m.model} ${m.pullable ? 'is not pulled' : 'is not served'}`,
    m.suggestion ? ` (did you mean ${m.suggestion}?)` : '',
    ` · config line ${m.line} `,
    m.pullable
      ? button(`Pull ${m.model}`, { icon: 'cloud-download', kind: 'secondary', key: `pull-${p.name}-${m.model}`, title: `Download ${m.model} into ${p.name}`, onclick: () => act.post({ type: 'pullModel', provider: p.name, model: m.model }) })
      : null,
  );
}

export function providersSection(v: Shown, act: Actions): VNode {
  const tools = button(v.checking ? 'Checking…' : 'Check now', {
    icon: 'refresh',
    kind: 'secondary',
    key: 'check-now',
    title: 'Check every provider now (lists its models)',
    disabled: v.checking,
    onclick: () => {
      v.checking = true;
      act.render();
      act.post({ type: 'checkProviders' });
    },
  });
  return card(v, act, 'providers', tools, h('ul.providers', { 'aria-label': 'Providers' }, v.state.providers.map((p) => providerItem(p, act))));
}
