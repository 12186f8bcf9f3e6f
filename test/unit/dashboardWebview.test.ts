// The dashboard page (src/webview), in plain Node: it renders to VNodes, so what it shows and what its
// controls post are read without a DOM. The bundled validator is run as the webview runs it, with code
// generation off as under the page's CSP.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { checkToView, parseFromView, type DashboardState, type FromView, type ToView } from '../../src/core/dashboard/protocol';
import { buildState } from '../../src/core/dashboard/viewModel';
import { simulate } from '../../src/core/dashboard/whatIf';
import type { BudgetStatus } from '../../src/core/spend/budget';
import { clampLast, simulation, useOf } from '../../src/webview/draft';
import { clock, money, pct, plural, tokens } from '../../src/webview/format';
import { isShown, newModel, type Actions, type Model, type Shown } from '../../src/webview/model';
import { page } from '../../src/webview/page';
import { receive } from '../../src/webview/receive';
import { restoreUi } from '../../src/webview/uiState';
import type { VNode } from '../../src/webview/vnode';
import { ROOT } from './helpers/config';
import { e2eConfig, eventFor, recorded, stateInput } from './helpers/dashboardFixture';
import { all, byClass, byKey, text } from './helpers/vnode';

const cfg = e2eConfig();
const budget: BudgetStatus = { day: '2026-11-25', state: 'warning', budgetUsd: 10, warningThreshold: 0.8, spentUsd: 8.5, reservedUsd: 0.1, remainingUsd: 1.4, requests: 3, providers: [] };
const recent = recorded([
  eventFor(cfg, { taskType: 'testing', complexity: 'medium', action: 'tests', costUsd: 0.0123 }),
  eventFor(cfg, { taskType: 'docs', complexity: 'simple', usage: { inputTokens: 12_345 } }),
]);

function state(over: Partial<DashboardState> = {}): DashboardState {
  const s = buildState(stateInput(cfg, { recent, budget }));
  const msg = checkToView({ type: 'state', state: { ...s, ...over } });
  assert.equal(msg.type, 'state');
  return msg.state;
}

/** A page as main.ts runs it, minus the DOM: actions are recorded, render() re-renders into `root`. */
function harness(mode: Model['mode'] = 'view', s: DashboardState = state()) {
  const m = newModel(mode, restoreUi(undefined));
  const posted: FromView[] = [];
  const calls = { render: 0, persist: 0, simulate: 0 };
  const h = {
    model: m,
    posted,
    calls,
    root: [] as VNode[],
    act: {
      post: (x) => posted.push(x),
      persist: () => calls.persist++,
      render: () => {
        calls.render++;
        h.render();
      },
      simulateSoon: () => calls.simulate++,
    } as Actions,
    render() {
      assert.ok(isShown(m));
      h.root = page(m, h.act);
      return h.root;
    },
    get v(): Shown {
      assert.ok(isShown(m));
      return m;
    },
    section: (id: string) => h.root.flatMap((r) => all(r, (n) => n.tag === 'section' && n.attrs.id === id))[0],
  };
  receive(m, { type: 'state', state: s });
  h.render();
  return h;
}

describe('dashboard page: formats', () => {
  it('money: cents, four decimals below a cent, never $0.0000 for a tiny amount, a real minus sign', () => {
    assert.equal(money(0), '$0');
    assert.equal(money(1.234), '$1.23');
    assert.equal(money(0.0123), '$0.01');
    assert.equal(money(0.005), '$0.0050');
    assert.equal(money(0.00004), '<$0.0001');
    assert.equal(money(-0.5), '−$0.50');
  });

  it('shares, token counts, plurals and times', () => {
    assert.equal(pct(0.8), '80%');
    assert.equal(tokens(9999), '9999');
    assert.equal(tokens(12_345), '12.3k');
    assert.equal(plural(1, 'rule'), '1 rule');
    assert.equal(plural(0, 'rule'), '0 rules');
    assert.match(clock(1_700_000_000_000), /^\d\d:\d\d:\d\d$/);
    assert.equal(clampLast('7'), 7);
    assert.equal(clampLast('500'), 50);
    assert.equal(clampLast('0'), 10, 'not a count: the default');
    assert.equal(clampLast('-3'), 1);
  });
});

describe('dashboard page: what it shows (no DOM)', () => {
  it("the rules in order, the last decision's rule highlighted, the providers that are off", () => {
    const { root, section } = harness();
    const rules = section('rules');
    assert.deepEqual(byClass(rules, 'li', 'rule').map((n) => n.dataset.rule), cfg.rules.map((r) => r.id));
    assert.deepEqual(byClass(rules, 'li', 'rule', 'last').map((n) => n.dataset.rule), ['testing']);
    assert.match(text(byClass(rules, 'div', 'off-list')[0]), /openai: .*OPENAI_API_KEY/);
    assert.match(text(root[0]), /\$8\.50 \/ \$10\.00/, 'the header shows spent of budget');
  });

  it('text from the config stays text: markup in a reason is not an element, and no attribute is a handler', () => {
    const s = state();
    s.rules[0].reason = '<img src=x onerror=alert(1)>';
    const { root } = harness('view', s);
    const nodes = root.flatMap((r) => all(r, () => true));
    assert.equal(nodes.filter((n) => n.tag === 'img').length, 0);
    assert.ok(root.some((r) => text(r).includes('<img src=x onerror=alert(1)>')));
    assert.deepEqual(nodes.flatMap((n) => Object.keys(n.attrs)).filter((k) => k.startsWith('on')), []);
  });

  it('a decision: summary, why, rule, tokens and attempts; opened as the page remembers it', () => {
    const h = harness();
    const [newest, older] = byClass(h.section('decisions'), 'details', 'decision');
    assert.match(text(newest), /tests.*\$0\.01.*testing · medium · 800 ms · 500 → 200 tokens/);
    assert.match(text(newest), /Ruletesting \(L\d+\)/);
    assert.match(text(older), /12\.3k → 200 tokens/);
    assert.equal(newest.attrs.open, undefined);
    const persisted = h.calls.persist;
    newest.on.toggle!(true);
    assert.deepEqual(h.model.ui.open, [h.v.state.decisions[0].id]);
    assert.equal(h.calls.persist, persisted + 1);
    h.render();
    assert.equal(byClass(h.section('decisions'), 'details', 'decision')[0].attrs.open, '');
    byClass(h.section('decisions'), 'details', 'decision')[0].on.toggle!(false);
    assert.deepEqual(h.model.ui.open, []);
  });

  it('spend: today against the budget with its state, the saving, a bar per provider and one per day', () => {
    const h = harness();
    const spend = h.section('spend');
    assert.match(text(spend), /\$8\.50 of \$10\.00 today/);
    assert.match(text(spend), /past 80%/);
    assert.match(text(spend), /3 requests · \$0\.10 reserved · \$1\.40 left · warning at 80% \(\$8\.00\)/);
    assert.equal(byClass(spend, 'rect', 'day').length, h.v.state.spend!.days.length);
    assert.equal(byClass(spend, 'rect', 'day', 'today').length, 1);
    const bar = byClass(spend, 'svg', 'budget-bar')[0];
    assert.match(bar.attrs['aria-label'], /\$8\.50 of \$10\.00 spent today, warning at 80%/);
  });

  it('the panel names the whole config file; the side view its last two parts and a button to the panel', () => {
    const view = harness('view');
    assert.match(text(view.root[0]), / \.vscode\/llm_routing\.yaml$/);
    byKey(view.root, 'open-panel').on.click!();
    assert.deepEqual(view.posted, [{ type: 'openPanel' }]);
    const panel = harness('panel');
    assert.match(text(panel.root[0]), /LLM Router.* \/ws\/\.vscode\/llm_routing\.yaml$/);
    assert.throws(() => byKey(panel.root, 'open-panel'));
  });

  it('no config: the header and the problem, nothing else', () => {
    const { root } = harness('view', { ...state(), problem: 'config.yaml:3:1: bad' });
    assert.equal(root.length, 2);
    assert.equal(root[1].attrs.role, 'alert');
    assert.equal(text(root[1]), 'config.yaml:3:1: bad');
  });
});

describe('dashboard page: what the user does (no DOM)', () => {
  it("a rule's name opens the config at that rule; a provider's at that provider", () => {
    const h = harness();
    byKey(h.root, 'rule-2').on.click!();
    const ollama = byClass(h.section('providers'), 'li', 'provider').find((n) => n.dataset.provider === 'ollama')!;
    byClass(ollama, 'button', 'link')[0].on.click!();
    assert.deepEqual(h.posted, [{ type: 'openRule', index: 2 }, { type: 'openProvider', name: 'ollama' }]);
  });

  it('a section header collapses it, and the page remembers', () => {
    const h = harness();
    const { persist, render } = h.calls;
    byKey(h.root, 'toggle-providers').on.click!();
    assert.deepEqual(h.model.ui.collapsed, { providers: true });
    assert.deepEqual([h.calls.persist, h.calls.render], [persist + 1, render + 1]);
    assert.equal(byKey(h.root, 'toggle-providers').attrs['aria-expanded'], 'false');
    assert.equal(byClass(h.section('providers'), 'div', 'card-body')[0].attrs.hidden, '');
  });

  it('Check now posts checkProviders and says Checking… until the host says it is done', () => {
    const h = harness();
    byKey(h.root, 'check-now').on.click!();
    assert.deepEqual(h.posted, [{ type: 'checkProviders' }]);
    assert.equal(text(byKey(h.root, 'check-now')), 'Checking…');
    assert.equal(byKey(h.root, 'check-now').attrs.disabled, '');
    assert.deepEqual(receive(h.model, { type: 'checking', busy: false }), { render: true, simulate: false });
    h.render();
    assert.equal(text(byKey(h.root, 'check-now')), 'Check now');
  });

  it('the what-if: add a target, move it up, simulate the draft, save it, reset it', () => {
    const h = harness('panel');
    const rule = h.v.state.rules.find((r) => r.editable && r.source === 'rules')!;
    assert.deepEqual(h.model.ui.draft, { rule: rule.index, chain: useOf(rule) }, 'the first editable rule, its live chain');
    const live = useOf(rule);
    byKey(h.root, 'whatif-add').on.change!('anthropic');
    byKey(h.root, 'whatif-add-btn').on.click!();
    assert.deepEqual(h.model.ui.draft!.chain, [...live, 'anthropic']);
    byKey(h.root, `up-${live.length}`).on.click!();
    const edited = [...live.slice(0, -1), 'anthropic', live[live.length - 1]];
    assert.deepEqual(h.model.ui.draft!.chain, edited);
    assert.equal(h.calls.simulate, 2, 'each change re-simulates');
    assert.deepEqual(simulation(h.model.ui), { type: 'whatIf', rule: rule.index, chain: edited, last: 10 });
    assert.match(text(h.section('whatif')), /edited/);

    // The host's answer renders as a table of re-routed decisions.
    const result = simulate(cfg, recent, rule.index, edited, 10);
    receive(h.model, { type: 'whatIf', result });
    h.render();
    assert.equal(byClass(h.section('whatif'), 'table', 'whatif-table').length, 1);
    assert.match(text(h.section('whatif')), /Last \d+ decisions?: actual .* with this chain \$/);

    byKey(h.root, 'whatif-save').on.click!();
    assert.deepEqual(h.posted.at(-1), { type: 'save', rule: rule.index, chain: edited });
    receive(h.model, { type: 'saved', ok: true, message: 'Saved rule' });
    h.render();
    assert.match(text(byClass(h.section('whatif'), 'p', 'notice')[0]), /Saved rule/);
    byKey(h.root, 'whatif-reset').on.click!();
    assert.deepEqual(h.model.ui.draft!.chain, live);
    assert.equal(h.model.notice, null);
  });

  it('a read-only config cannot be saved to', () => {
    const h = harness('view', { ...state(), readOnly: true });
    byKey(h.root, 'whatif-add-btn').on.click!();
    assert.equal(byKey(h.root, 'whatif-save').attrs.disabled, '');
    assert.match(byKey(h.root, 'whatif-save').attrs.title, /read-only/);
  });

  it('every message the page posts is one the host accepts (the same schema)', () => {
    const h = harness('view');
    const clicks = h.root.flatMap((r) => all(r, (n) => !!n.on.click && n.attrs.disabled === undefined));
    assert.ok(clicks.length > 20, `${clicks.length} controls`);
    for (const n of clicks) n.on.click!();
    const sim = simulation(h.model.ui);
    const sent = [...h.posted, ...(sim ? [sim] : [])];
    assert.deepEqual([...new Set(sent.map((m) => m.type))].sort(), ['checkProviders', 'openPanel', 'openProvider', 'openRule', 'whatIf']);
    for (const m of sent) assert.ok(parseFromView(m).ok, JSON.stringify(m));
  });
});

describe('dashboard page: messages from the extension', () => {
  it('the first state renders and simulates; a refresh that only moves the clock renders nothing', () => {
    const m = newModel('view', restoreUi(undefined));
    const s = state();
    assert.deepEqual(receive(m, { type: 'state', state: s }), { render: true, simulate: true });
    assert.deepEqual(receive(m, { type: 'state', state: { ...s, now: s.now + 5000 } }), { render: false, simulate: false });
    assert.deepEqual(receive(m, { type: 'state', state: { ...s, readOnly: true } }), { render: true, simulate: false });
    receive(m, { type: 'whatIfError', rule: 1, message: 'unknown target' });
    assert.equal(m.whatIfError, 'unknown target');
    receive(m, { type: 'whatIf', result: simulate(cfg, recent, 1, ['ollama'], 10) });
    assert.equal(m.whatIfError, '');
    assert.deepEqual(receive(m, { type: 'state', state: { ...s, readOnly: false, targets: [] } }), { render: true, simulate: true }, 'a what-if shows: re-run it');
  });

  it('the saved page state comes back field by field; what does not fit falls back to its default', () => {
    const ui = { collapsed: { spend: true }, open: [3], draft: { rule: 2, chain: ['ollama'] }, last: 20, scrollY: 140, add: 'groq' };
    assert.deepEqual(restoreUi(JSON.parse(JSON.stringify(ui))), ui);
    const defaults = { collapsed: {}, open: [], draft: null, last: 10, scrollY: 0, add: '' };
    for (const junk of [undefined, null, 'x', 42, []]) assert.deepEqual(restoreUi(junk), defaults);
    assert.deepEqual(restoreUi({ ...ui, draft: { rule: 'two', chain: ['x'] }, open: 'all' }), { ...ui, draft: null, open: [] });
  });
});

describe('dashboard page: the bundle checks messages without compiling code', () => {
  const { webview } = createRequire(join(ROOT, 'esbuild.js'))('./esbuild.js') as { webview: esbuild.BuildOptions };

  /** Bundles `contents` as esbuild.js bundles the page, runs it with code generation off (as the CSP has it). */
  async function runBundled(contents: string) {
    const out = await esbuild.build({ ...webview, stdin: { contents, resolveDir: join(ROOT, 'src', 'webview'), loader: 'ts' }, globalName: 'page', write: false, metafile: false, sourcemap: false, logLevel: 'silent' });
    const ctx = createContext({}, { codeGeneration: { strings: false, wasm: false } });
    // Record every attempt to build a function from a string (zod's probe swallows the EvalError).
    runInContext(
      `globalThis.compiled = []; const F = Function; const trap = { construct: (t, a) => (compiled.push(a.length), Reflect.construct(t, a)), apply: (t, s, a) => (compiled.push(a.length), Reflect.apply(t, s, a)) };
       globalThis.Function = new Proxy(F, trap);`,
      ctx,
    );
    runInContext(out.outputFiles[0].text, ctx);
    return ctx as { page: { parseToView: (v: unknown) => { ok: boolean } }; compiled: number[] };
  }

  it('the validator in the page accepts the host\'s messages, rejects a malformed one, and never tries eval', async () => {
    const ctx = await runBundled(`export { parseToView } from './messages';`);
    const good: ToView = { type: 'state', state: state() };
    assert.equal(ctx.page.parseToView(JSON.parse(JSON.stringify(good))).ok, true);
    assert.equal(ctx.page.parseToView({ type: 'state', state: { ...state(), decisions: 'none' } }).ok, false);
    assert.equal(ctx.page.parseToView({ type: 'saved', ok: true, message: 'x', html: '<b>' }).ok, false);
    assert.equal(ctx.page.parseToView({ type: 'eval', code: '1' }).ok, false);
    assert.deepEqual([...ctx.compiled], [], 'zod tried to compile code under a CSP without unsafe-eval');
  });

  it('negative control: the same schema without the jitless setting does try, and the trap sees it', async () => {
    const ctx = await runBundled(`export { parseToView } from '../core/dashboard/protocol';`);
    assert.equal(ctx.page.parseToView({ type: 'checking', busy: true }).ok, true);
    assert.ok(ctx.compiled.length > 0);
  });
});
