// The routing dashboard page. Talks to the extension only through postMessage; every message it receives
// is checked against the schema the host embeds (generated from the host's zod schema) and dropped if it
// does not fit. No network, no eval, no innerHTML: the DOM is built node by node.
// @ts-check
(function () {
  'use strict';
  // @ts-ignore: provided by the webview host
  const vscode = acquireVsCodeApi();
  const MODE = document.body.dataset.mode || 'view';
  const schemaEl = document.getElementById('to-view-schema');
  const SCHEMA = JSON.parse((schemaEl && schemaEl.textContent) || '{}');
  // @ts-ignore: media/check.js, loaded first
  const check = window.llmRouterCheck;
  const SECTIONS = [
    { id: 'rules', title: 'Rules', icon: 'list-ordered' },
    { id: 'decisions', title: 'Decisions', icon: 'history' },
    { id: 'spend', title: 'Spend', icon: 'graph' },
    { id: 'providers', title: 'Providers', icon: 'server' },
    { id: 'whatif', title: 'What-if', icon: 'beaker' },
  ];

  /** UI state kept by the webview host across hide/show: collapsed sections, open decisions, the what-if draft. */
  const saved = vscode.getState() || {};
  const ui = {
    collapsed: saved.collapsed && typeof saved.collapsed === 'object' ? saved.collapsed : {},
    open: Array.isArray(saved.open) ? saved.open.filter((n) => typeof n === 'number') : [],
    draft: saved.draft && typeof saved.draft.rule === 'number' && Array.isArray(saved.draft.chain) ? saved.draft : null,
    last: typeof saved.last === 'number' ? saved.last : 10,
    scrollY: typeof saved.scrollY === 'number' ? saved.scrollY : 0,
    add: typeof saved.add === 'string' ? saved.add : '',
  };
  const persist = () => vscode.setState(ui);

  /** @type {any} */ let state = null;
  /** @type {any} */ let whatIf = null;
  let whatIfError = '';
  let checking = false;
  /** @type {{ok: boolean, message: string} | null} */ let notice = null;
  let restoredScroll = false;

  // --- DOM helpers ----------------------------------------------------------------------------------------
  /** h('div.a.b', {attrs}, ...children): text children become text nodes, never markup. */
  function h(tag, attrs, ...children) {
    const [name, ...classes] = tag.split('.');
    const el = document.createElement(name);
    if (classes.length) el.className = classes.join(' ');
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), /** @type {any} */ (v));
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }
  const SVG_NS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const [name, ...classes] = tag.split('.');
    const el = document.createElementNS(SVG_NS, name);
    if (classes.length) el.setAttribute('class', classes.join(' '));
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
    append(el, children);
    return el;
  }
  const icon = (name, label) =>
    h(`span.codicon.codicon-${name}`, label ? { role: 'img', 'aria-label': label, title: label } : { 'aria-hidden': 'true' });
  function button(label, opts) {
    const o = opts || {};
    return h(
      `button.${o.kind || 'secondary'}`,
      { type: 'button', title: o.title || label, 'aria-label': o.aria || (o.iconOnly ? label : undefined), disabled: o.disabled, onclick: o.onclick, dataset: o.key ? { key: o.key } : undefined },
      o.icon ? icon(o.icon) : null,
      o.iconOnly ? null : h('span', {}, label),
    );
  }

  /** Cents; four decimals below a cent; and never a misleading $0.0000 for a tiny non-zero amount. */
  const money = (n) => {
    if (n === 0) return '$0';
    const a = Math.abs(n);
    const text = a < 0.0001 ? '<$0.0001' : `$${a < 0.01 ? a.toFixed(4) : a.toFixed(2)}`;
    return n < 0 ? `−${text}` : text;
  };
  const pct = (n) => `${Math.round(n * 100)}%`;
  const clock = (ms) => new Date(ms).toTimeString().slice(0, 8);
  const tokens = (n) => (n >= 10000 ? `${(n / 1000).toFixed(1)}k` : String(n));
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;

  function post(message) {
    vscode.postMessage(message);
  }

  // --- sections -------------------------------------------------------------------------------------------
  function section(def, headerExtras, body) {
    const collapsed = ui.collapsed[def.id] === true;
    const bodyId = `body-${def.id}`;
    return h(
      `section.card.card-${def.id}`,
      { id: def.id, 'aria-labelledby': `title-${def.id}` },
      h(
        'header.card-head',
        {},
        h(
          'button.toggle',
          {
            type: 'button',
            id: `title-${def.id}`,
            'aria-expanded': String(!collapsed),
            'aria-controls': bodyId,
            dataset: { key: `toggle-${def.id}` },
            onclick: () => {
              ui.collapsed[def.id] = !collapsed;
              persist();
              render();
            },
          },
          icon(collapsed ? 'chevron-right' : 'chevron-down'),
          icon(def.icon),
          h('h2', {}, def.title),
        ),
        h('div.card-tools', {}, headerExtras),
      ),
      h('div.card-body', { id: bodyId, hidden: collapsed }, body),
    );
  }

  function chainPills(chain) {
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

  function rulesSection() {
    const rules = state.rules;
    const off = state.providers.filter((p) => p.disabled);
    const list = h(
      'ol.rules',
      { 'aria-label': 'Routing rules, first match wins' },
      rules.map((r) =>
        h(
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
                onclick: () => post({ type: 'openRule', index: r.index }),
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
        ),
      ),
    );
    const offList = off.length
      ? h(
          'div.off-list',
          { role: 'note' },
          h('h3', {}, icon('circle-slash'), ' Providers off'),
          h('ul', {}, off.map((p) => h('li', {}, h('strong', {}, p.name), `: ${p.disabled}`))),
        )
      : null;
    return section(SECTIONS[0], h('span.muted.small', {}, plural(rules.length, 'rule')), [list, offList]);
  }

  function attemptIcon(outcome) {
    if (outcome === 'ok') return icon('pass-filled', 'ok');
    if (outcome.startsWith('skipped')) return icon('circle-slash', 'skipped');
    return icon('error', 'failed');
  }

  function decisionsSection() {
    const ds = state.decisions;
    const body = ds.length
      ? h(
          'ol.decisions',
          { 'aria-label': 'Last decisions, newest first' },
          ds.map((d) => {
            const open = ui.open.includes(d.id);
            const details = h(
              `details.decision.outcome-${d.outcome}`,
              { open, dataset: { id: String(d.id) } },
              h(
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
                h(
                  'div.sum-facts.small.muted',
                  {},
                  `${d.taskType} · ${d.complexity} · ${Math.round(d.latencyMs)} ms · ${tokens(d.tokens.input + d.tokens.cacheRead + d.tokens.cacheWrite)} → ${tokens(d.tokens.output)} tokens`,
                ),
              ),
              h('p.why', {}, d.explanation),
              h(
                'dl.facts',
                {},
                h('dt', {}, 'Rule'),
                h('dd', {}, h('button.link', { type: 'button', onclick: () => post({ type: 'openRule', index: d.rule.index }) }, `${d.rule.id}${d.rule.line ? ` (L${d.rule.line})` : ''}`)),
                h('dt', {}, 'Tokens'),
                h(
                  'dd',
                  {},
                  `${tokens(d.tokens.input)} in · ${tokens(d.tokens.output)} out`,
                  d.tokens.cacheRead || d.tokens.cacheWrite ? ` · cache ${tokens(d.tokens.cacheRead)} read, ${tokens(d.tokens.cacheWrite)} written` : '',
                  d.estimated ? ' (estimated)' : '',
                ),
                h('dt', {}, 'Context'),
                h('dd', {}, `${tokens(d.contextTokens)} tokens`),
                d.error ? h('dt', {}, 'Error') : null,
                d.error ? h('dd.error-text', {}, d.error) : null,
              ),
              d.attempts.length
                ? h(
                    'ol.attempts',
                    { 'aria-label': 'Attempts' },
                    d.attempts.map((a) =>
                      h('li', {}, attemptIcon(a.outcome), h('span.target', {}, a.target), h('span.muted', {}, ` ${a.outcome}${a.status ? ` (HTTP ${a.status})` : ''} · ${Math.round(a.ms)} ms`)),
                    ),
                  )
                : null,
            );
            details.addEventListener('toggle', () => {
              ui.open = details.open ? [...new Set([...ui.open, d.id])].slice(-50) : ui.open.filter((x) => x !== d.id);
              persist();
            });
            return h('li', {}, details);
          }),
        )
      : h('p.muted.empty', {}, 'No decisions yet. Run an LLM Router action (Explain, Refactor, Ask…) and it shows here.');
    return section(SECTIONS[1], h('span.muted.small', {}, ds.length ? `last ${ds.length}` : ''), body);
  }

  function budgetBar(sp) {
    const W = 300;
    const max = Math.max(sp.budgetUsd, sp.spentUsd + sp.reservedUsd, 1e-9);
    const x = (v) => Math.min(W, (v / max) * W);
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

  function barList(title, rows) {
    if (!rows.length) return null;
    const max = Math.max(...rows.map((r) => r.costUsd), 1e-12);
    return h(
      'div.bars',
      {},
      h('h3', {}, title),
      h(
        'ul',
        {},
        rows.map((r) =>
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
          ),
        ),
      ),
    );
  }

  function dayChart(sp) {
    const days = sp.days;
    const W = 600;
    const H = 150;
    const top = 10;
    const bottom = 22;
    const left = 4;
    const max = Math.max(sp.budgetUsd, ...days.map((d) => d.costUsd), 1e-9);
    const y = (v) => top + (H - top - bottom) * (1 - v / max);
    const bw = (W - left) / days.length;
    const total = days.reduce((n, d) => n + d.costUsd, 0);
    const peak = days.reduce((a, d) => (d.costUsd > a.costUsd ? d : a), days[0] || { key: '', costUsd: 0 });
    const label = `Spend per day, last ${days.length} days: ${money(total)} in all${peak && peak.costUsd > 0 ? `, most on ${peak.key} (${money(peak.costUsd)})` : ''}. Daily budget ${money(sp.budgetUsd)}.`;
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
        s('line.budget-line', { x1: left, x2: W, y1: y(sp.budgetUsd), y2: y(sp.budgetUsd) }),
        s('line.warn-line', { x1: left, x2: W, y1: y(sp.budgetUsd * sp.warningThreshold), y2: y(sp.budgetUsd * sp.warningThreshold) }),
        s('text.tick', { x: W - 2, y: y(sp.budgetUsd) > top + 12 ? y(sp.budgetUsd) - 3 : y(sp.budgetUsd) + 11, 'text-anchor': 'end' }, `budget ${money(sp.budgetUsd)}`),
        days.length ? s('text.tick', { x: left, y: H - 6 }, days[0].key.slice(5)) : null,
        days.length ? s('text.tick', { x: W - 2, y: H - 6, 'text-anchor': 'end' }, 'today') : null,
      ),
      h('figcaption.muted.small', {}, `${days.length} days: ${money(total)}`),
    );
  }

  function spendSection() {
    const sp = state.spend;
    if (!sp) return section(SECTIONS[2], null, h('p.muted', {}, 'No budget information yet.'));
    const stateBadge =
      sp.state === 'exhausted'
        ? h('span.badge.error', {}, icon('error'), ' budget exhausted: local only')
        : sp.state === 'warning'
          ? h('span.badge.warn', {}, icon('warning'), ` past ${pct(sp.warningThreshold)}`)
          : null;
    const p = sp.premium;
    const saving = p
      ? h(
          'p.saving',
          {},
          icon('zap'),
          ' ',
          p.premiumUsd > 0
            ? `Everything on ${p.target} would have cost ${money(p.premiumUsd)} over ${sp.days.length} days; it cost ${money(p.actualUsd)}: saved ${money(Math.max(0, p.premiumUsd - p.actualUsd))} (${pct(Math.max(0, 1 - p.actualUsd / p.premiumUsd))}). Today: ${money(p.todayActualUsd)} instead of ${money(p.todayPremiumUsd)}.`
            : `No usage recorded yet to compare with everything on ${p.target}.`,
        )
      : null;
    return section(SECTIONS[2], stateBadge, [
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
      saving,
      h('div.breakdowns', {}, barList('Per provider, today', sp.byProvider), barList('Per model, today', sp.byModel)),
      dayChart(sp),
    ]);
  }

  function providerStatus(p) {
    if (p.disabled) return h('span.status.off', {}, icon('circle-slash'), ' off');
    if (p.coolingUntil) return h('span.status.warn', {}, icon('watch'), ` cooling until ${clock(p.coolingUntil)}`);
    const hl = p.health;
    if (!hl) return h('span.status.unknown', {}, icon('circle-filled'), ' not checked');
    if (hl.status === 'checking') return h('span.status.unknown', {}, h('span.codicon.codicon-loading.codicon-modifier-spin', { 'aria-hidden': 'true' }), ' checking');
    if (hl.status === 'ok') return h('span.status.ok', {}, icon('pass-filled'), ` reachable`);
    if (hl.status === 'off') return h('span.status.off', {}, icon('circle-slash'), ' off');
    return h('span.status.error', {}, icon('error'), ' unreachable');
  }

  function providersSection() {
    const tools = button(checking ? 'Checking…' : 'Check now', {
      icon: 'refresh',
      kind: 'secondary',
      key: 'check-now',
      title: 'Check every provider now (lists its models)',
      disabled: checking,
      onclick: () => {
        checking = true;
        render();
        post({ type: 'checkProviders' });
      },
    });
    const rows = state.providers.map((p) => {
      const hl = p.health;
      const facts = [];
      if (hl && hl.latencyMs !== undefined && hl.status !== 'checking') facts.push(`${hl.latencyMs} ms`);
      if (hl && hl.models !== undefined) facts.push(plural(hl.models, 'model'));
      if (hl && hl.checkedAt && hl.status !== 'off') facts.push(`checked ${clock(hl.checkedAt)}`);
      const limits = [];
      if (p.rateLimit) limits.push(`rate limit ${Math.floor(p.rateLimit.available)} of ${p.rateLimit.rpm}/min free`);
      if (p.recentFailures) limits.push(`${plural(p.recentFailures, 'recent failure')}`);
      if (p.lastTry) limits.push(`last request ${p.lastTry.outcome === 'ok' ? 'ok' : 'failed'}${p.lastTry.at ? ` at ${clock(p.lastTry.at)}` : ''} (${Math.round(p.lastTry.ms)} ms)`);
      return h(
        'li.provider',
        { dataset: { provider: p.name } },
        h(
          'div.provider-head',
          {},
          h('button.link', { type: 'button', title: `Open the config at line ${p.line}`, 'aria-label': `Provider ${p.name}: open in the config`, onclick: () => post({ type: 'openProvider', name: p.name }) }, p.name),
          h('span.muted.small', {}, `${p.tier} · ${p.type}${p.local ? ' · local' : ''}`),
          h('span.spacer', {}),
          providerStatus(p),
        ),
        facts.length || limits.length ? h('div.small.muted', {}, [...facts, ...limits].join(' · ')) : null,
        p.disabled ? h('div.small.reason', {}, p.disabled) : null,
        hl && hl.error && hl.status === 'unreachable' ? h('div.small.error-text', {}, hl.error) : null,
      );
    });
    return section(SECTIONS[3], tools, h('ul.providers', { 'aria-label': 'Providers' }, rows));
  }

  // --- what-if ---------------------------------------------------------------------------------------------
  const useOf = (rule) => rule.chain.filter((c) => !c.fromFallback).map((c) => c.target);
  const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  let simTimer = 0;
  function simulateSoon() {
    clearTimeout(simTimer);
    simTimer = setTimeout(() => {
      if (ui.draft && ui.draft.chain.length) post({ type: 'whatIf', rule: ui.draft.rule, chain: ui.draft.chain, last: ui.last });
    }, 120);
  }
  function setDraft(rule, chain) {
    ui.draft = { rule, chain };
    notice = null;
    persist();
    render();
    simulateSoon();
  }
  /** The draft, reset to the rule's live chain when it no longer fits the config. */
  function currentDraft() {
    const editable = state.rules.filter((r) => r.editable);
    if (!editable.length) return null;
    if (!ui.draft || !editable.some((r) => r.index === ui.draft.rule)) {
      const first = editable.find((r) => r.source === 'rules') || editable[0];
      ui.draft = { rule: first.index, chain: useOf(first) };
      persist();
    }
    return ui.draft;
  }

  function whatIfSection() {
    const draft = currentDraft();
    if (!draft) return section(SECTIONS[4], null, h('p.muted', {}, 'No rule with a chain of its own to edit.'));
    const rule = state.rules.find((r) => r.index === draft.rule);
    const live = useOf(rule);
    const dirty = !sameList(live, draft.chain);
    const ruleSelect = h(
      'select',
      {
        id: 'whatif-rule',
        dataset: { key: 'whatif-rule' },
        onchange: (e) => {
          const r = state.rules.find((x) => x.index === Number(e.target.value));
          if (r) setDraft(r.index, useOf(r));
        },
      },
      state.rules.filter((r) => r.editable).map((r) => h('option', { value: String(r.index), selected: r.index === draft.rule }, `#${r.index + 1} ${r.id}`)),
    );
    const steps = h(
      'ol.draft',
      { 'aria-label': `Chain of rule ${rule.id}` },
      draft.chain.map((t, i) =>
        h(
          'li.draft-step',
          {},
          h('span.step-num', {}, String(i + 1)),
          h('span.target', {}, t),
          h('span.spacer', {}),
          button(`Move ${t} up`, { icon: 'arrow-up', iconOnly: true, kind: 'icon', key: `up-${i}`, disabled: i === 0, onclick: () => setDraft(draft.rule, move(draft.chain, i, -1)) }),
          button(`Move ${t} down`, { icon: 'arrow-down', iconOnly: true, kind: 'icon', key: `down-${i}`, disabled: i === draft.chain.length - 1, onclick: () => setDraft(draft.rule, move(draft.chain, i, 1)) }),
          button(`Remove ${t}`, { icon: 'close', iconOnly: true, kind: 'icon', key: `remove-${i}`, disabled: draft.chain.length === 1, onclick: () => setDraft(draft.rule, draft.chain.filter((_, j) => j !== i)) }),
        ),
      ),
    );
    const choices = state.targets.filter((t) => !draft.chain.includes(t));
    const pick = choices.includes(ui.add) ? ui.add : choices[0];
    const addSelect = h(
      'select',
      {
        id: 'whatif-add',
        dataset: { key: 'whatif-add' },
        onchange: (e) => {
          ui.add = e.target.value;
          persist();
        },
      },
      choices.map((t) => h('option', { value: t, selected: t === pick }, t)),
    );
    const add = button('Add', {
      icon: 'add',
      key: 'whatif-add-btn',
      title: 'Add the chosen target at the end of the chain',
      disabled: !choices.length,
      onclick: () => {
        const v = /** @type {HTMLSelectElement} */ (addSelect).value;
        if (v) setDraft(draft.rule, [...draft.chain, v]);
      },
    });
    const lastInput = h('input', {
      id: 'whatif-last',
      type: 'number',
      min: '1',
      max: '50',
      value: String(ui.last),
      dataset: { key: 'whatif-last' },
      onchange: (e) => {
        const n = Math.max(1, Math.min(50, Math.round(Number(e.target.value) || 10)));
        ui.last = n;
        persist();
        simulateSoon();
      },
    });
    const result = whatIf && whatIf.rule === draft.rule ? whatIfTable(whatIf) : null;
    const fallback = whatIf && whatIf.rule === draft.rule ? whatIf.chain.filter((c) => c.fromFallback).map((c) => c.target) : [];
    return section(SECTIONS[4], dirty ? h('span.badge.accent', {}, 'edited') : null, [
      h('div.form-row', {}, h('label', { for: 'whatif-rule' }, 'Rule'), ruleSelect),
      h('div.rule-when.small', {}, h('span.k', {}, 'when '), rule.when, h('span.muted', {}, ` · live chain: ${live.join(' → ')}`)),
      steps,
      fallback.length ? h('p.small.muted', {}, `then fallback_chain: ${fallback.join(' → ')}`) : null,
      h('div.form-row', {}, h('label', { for: 'whatif-add' }, 'Add'), addSelect, add),
      h('div.form-row', {}, h('label', { for: 'whatif-last' }, 'Re-route the last'), lastInput, h('span.muted', {}, 'decisions')),
      whatIfError ? h('p.error-text', { role: 'alert' }, whatIfError) : null,
      result,
      h(
        'div.actions',
        {},
        button('Save to config', {
          icon: 'save',
          kind: 'primary',
          key: 'whatif-save',
          disabled: !dirty || state.readOnly,
          title: state.readOnly ? 'The shipped default config is read-only: open your own copy first' : `Write this chain into ${state.configFile}`,
          onclick: () => post({ type: 'save', rule: draft.rule, chain: draft.chain }),
        }),
        button('Reset', { icon: 'discard', key: 'whatif-reset', disabled: !dirty, title: 'Back to the live chain', onclick: () => setDraft(draft.rule, live) }),
      ),
      h('p.notice.small', { role: 'status', 'aria-live': 'polite' }, notice ? [icon(notice.ok ? 'check' : 'warning'), ' ', notice.message] : ''),
    ]);
  }

  function move(list, i, by) {
    const out = list.slice();
    const [x] = out.splice(i, 1);
    out.splice(i + by, 0, x);
    return out;
  }

  function whatIfTable(r) {
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
      h(
        `span.delta${diff > 0 ? '.up' : diff < 0 ? '.down' : ''}`,
        {},
        diff === 0 ? ' (same)' : Math.abs(diff) < 0.0001 ? ` (slightly ${diff > 0 ? 'more' : 'less'})` : ` (${diff > 0 ? '+' : '−'}${money(Math.abs(diff))})`,
      ),
    );
    const changed = r.rows.filter((x) => x.changed).length;
    return h(
      'div.whatif-result',
      {},
      summary,
      h('p.small.muted', {}, `${plural(changed, 'decision')} would go elsewhere. Re-routed as if under budget; priced from the tokens each really used.`),
      h(
        'table.whatif-table',
        {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Decision'), h('th', { scope: 'col' }, 'Live rules'), h('th', { scope: 'col' }, 'With this chain'))),
        h(
          'tbody',
          {},
          r.rows.map((x) =>
            h(
              `tr${x.changed ? '.changed' : ''}`,
              {},
              h('td', {}, h('div', {}, `${x.action || 'request'} · ${x.taskType} · ${x.complexity}`), h('div.small.muted', {}, `${x.at ? clock(x.at) : 'earlier'} · actual ${x.actual.target || '–'} ${money(x.actual.costUsd)}`)),
              h('td', {}, h('div', {}, x.before.target || 'no route'), h('div.small.muted', {}, money(x.before.costUsd))),
              h('td', {}, h('div', {}, x.changed ? icon('arrow-right', 'changed') : null, x.after.target || 'no route'), h('div.small.muted', {}, money(x.after.costUsd))),
            ),
          ),
        ),
      ),
    );
  }

  // --- page ----------------------------------------------------------------------------------------------
  function header() {
    const sp = state.spend;
    return h(
      'header.top',
      {},
      MODE === 'panel' ? h('h1', {}, icon('dashboard'), ' LLM Router') : null,
      sp ? h(`span.pill-state.state-${sp.state}`, { title: 'Spent today of the daily budget' }, `${money(sp.spentUsd)} / ${money(sp.budgetUsd)}`) : null,
      h('span.spacer', {}),
      MODE === 'view' ? button('Open in editor', { icon: 'link-external', iconOnly: true, kind: 'icon', key: 'open-panel', onclick: () => post({ type: 'openPanel' }) }) : null,
      h(
        'div.config-file.small.muted',
        { title: state.configFile },
        icon('file'),
        ` ${state.readOnly ? 'shipped default (read-only): ' : ''}${MODE === 'panel' ? state.configFile : state.configFile.split(/[\\/]/).slice(-2).join('/')}`,
      ),
    );
  }

  function render() {
    const app = document.getElementById('app');
    if (!app || !state) return;
    const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
    const content = state.problem
      ? [header(), h('p.error-text', { role: 'alert' }, state.problem)]
      : [
          header(),
          h(
            'div.grid',
            {},
            // Two columns when wide (rules and providers | decisions and spend); one column, in reading order, when narrow.
            h('div.col', {}, rulesSection(), providersSection()),
            h('div.col', {}, decisionsSection(), spendSection()),
            whatIfSection(),
          ),
        ];
    app.replaceChildren(...content);
    app.setAttribute('aria-busy', 'false');
    if (focusKey) {
      const el = app.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      if (el instanceof HTMLElement) el.focus();
    }
    if (!restoredScroll) {
      restoredScroll = true;
      window.scrollTo(0, ui.scrollY);
    }
  }

  let scrollTimer = 0;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      ui.scrollY = window.scrollY;
      persist();
    }, 150);
  });

  window.addEventListener('message', (ev) => {
    const m = ev.data;
    const err = check(SCHEMA, m);
    if (err) {
      console.warn(`LLM Router dashboard: ignored a message (${err})`);
      return;
    }
    switch (m.type) {
      case 'state': {
        const first = !state;
        const same = state && JSON.stringify({ ...state, now: 0 }) === JSON.stringify({ ...m.state, now: 0 });
        state = m.state;
        if (same) break;
        render();
        if (first || whatIf) simulateSoon();
        break;
      }
      case 'whatIf':
        whatIf = m.result;
        whatIfError = '';
        render();
        break;
      case 'whatIfError':
        whatIfError = m.message;
        render();
        break;
      case 'saved':
        notice = { ok: m.ok, message: m.message };
        render();
        break;
      case 'checking':
        checking = m.busy;
        render();
        break;
    }
  });

  post({ type: 'ready' });
})();
