// UI tests: the routing dashboard (webview view and editor panel) in code-server, as a user drives it.
// Each test gets a fresh window (and so a fresh extension host); they share the workspace and the ledger.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { notificationTexts, openFile, runCommand, setTheme } from '../harness/browser.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const configPath = (workspace) => path.join(workspace, '.vscode', 'llm_routing.yaml');

/** Rule ids of the workspace config, in order, with the line of each. */
function configRules(workspace) {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(configPath(workspace), 'utf8'), { lineCounter: lines });
  return doc.get('rules').items.map((item) => ({ id: item.get('id'), line: lines.linePos(item.range[0]).line }));
}

/** The dashboard page of the given kind ('view': the side view, 'panel': the editor panel), once rendered. */
async function dashboard(page, mode, timeout = 30_000) {
  const t0 = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      const ok = await f
        .evaluate((m) => document.body?.dataset.mode === m && document.getElementById('app')?.getAttribute('aria-busy') === 'false', mode)
        .catch(() => false);
      if (ok) return f;
    }
    if (Date.now() - t0 > timeout) throw new Error(`the ${mode} dashboard did not render within ${timeout} ms`);
    await page.waitForTimeout(250);
  }
}

/** Shows the "LLM Router" container in the activity bar (click; the palette if the icon is not there). */
async function showSideView(page) {
  const item = page.locator('.part.activitybar .action-item a[aria-label*="LLM Router"], .part.activitybar .action-item[aria-label*="LLM Router"]').first();
  if (await item.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false)) {
    const checked = await page.locator('.part.activitybar .action-item.checked a[aria-label*="LLM Router"]').count();
    if (!checked) await item.click();
  } else {
    await runCommand(page, 'View: Show LLM Router');
  }
  return dashboard(page, 'view');
}


/**
 * Runs "LLM Router: Explain" on math.ts, then waits until the side view lists `count` decisions. A keystroke
 * into the browser can be lost on a busy machine: with no decision after 20 s the command is run once more,
 * and the output says so with what the window showed. No decision 60 s after that fails the test.
 */
async function explainAndWait(page, count) {
  const explain = async () => {
    await openFile(page, 'math.ts');
    await runCommand(page, 'LLM Router: Explain');
  };
  await explain();
  let t0 = Date.now();
  let retried = false;
  for (;;) {
    const view = await dashboard(page, 'view');
    const n = await view.locator('ol.decisions > li').count();
    if (n >= count) return view;
    if (!retried && Date.now() - t0 > 20_000) {
      const tabs = await page.locator('.tabs-container .tab').allTextContents().catch(() => []);
      const notes = await notificationTexts(page).catch(() => []);
      console.log(`    no decision 20 s after Explain (tabs: ${tabs.map((t) => t.trim()).join(' | ') || 'none'}; notifications: ${notes.join(' | ') || 'none'}): running it again`);
      retried = true;
      await page.keyboard.press('Escape');
      await explain();
      t0 = Date.now();
    }
    if (retried && Date.now() - t0 > 60_000) throw new Error(`the dashboard shows ${n} decision(s), expected ${count}, after running Explain twice`);
    await page.waitForTimeout(300);
  }
}

export async function dashboardShowsRulesAndLiveDecisions({ page, open, workspace, env, screenshot }) {
  await open();
  const view = await showSideView(page);
  const expected = configRules(workspace).map((r) => r.id);
  await view.locator('li.rule').first().waitFor({ timeout: 15_000 });
  const ids = await view.locator('li.rule').evaluateAll((els) => els.map((e) => e.dataset.rule));
  assert.deepEqual(ids, expected, 'the rules shown are not the config\'s, in order');
  assert.match(await view.locator('#rules').innerText(), /Daily budget exceeded - using local LLM/);

  // Strict CSP with a nonce, and no key anywhere in the page.
  const csp = await view.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-[^']+'/);
  assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  const html = await view.evaluate(() => document.documentElement.outerHTML);
  for (const k of [env.ANTHROPIC_API_KEY, env.GROQ_API_KEY].filter(Boolean)) assert.ok(!html.includes(k), 'a key reached the webview');

  // The page renders only what fits the shared zod schema: a message with a field of the wrong type is
  // dropped, the well-formed one after it shows (messages arrive in order).
  await view.evaluate(() => {
    window.postMessage({ type: 'whatIfError', rule: 'first', message: 'forged error' }, '*');
    window.postMessage({ type: 'saved', ok: true, message: 'well-formed notice' }, '*');
  });
  await view.locator('.notice', { hasText: 'well-formed notice' }).waitFor({ timeout: 10_000 });
  assert.equal(await view.getByText('forged error').count(), 0, 'the page rendered a message that does not fit the schema');

  // A decision made in the editor appears live, and its rule is highlighted.
  const before = await view.locator('ol.decisions > li').count();
  const after = await explainAndWait(page, before + 1);
  const first = after.locator('ol.decisions > li').first();
  assert.match(await first.innerText(), /explain/i);
  const lastRule = await after.locator('li.rule.last').evaluateAll((els) => els.map((e) => e.dataset.rule));
  assert.equal(lastRule.length, 1, 'exactly one rule is highlighted as the last decision\'s');
  await first.locator('summary').click();
  const detail = await first.innerText();
  assert.match(detail, new RegExp(`Rule\\s+${lastRule[0]}`), `the decision's rule is not the highlighted one: ${detail}`);
  assert.match(detail, /ok/);
  await screenshot('side-view-decision');
}

export async function dashboardRuleClickOpensConfigAtLine({ page, open, workspace, screenshot }) {
  await open();
  const view = await showSideView(page);
  const rule = configRules(workspace).find((r) => r.id === 'testing');
  await view.locator('li.rule[data-rule="testing"] button.rule-open').click();
  await page.locator('.tabs-container .tab.active', { hasText: 'llm_routing.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
  // The cursor is on the rule's line: the status bar says so.
  const t0 = Date.now();
  let texts = [];
  for (;;) {
    texts = await page.locator('.part.statusbar .statusbar-item').allTextContents();
    if (texts.some((t) => t.includes(`Ln ${rule.line},`))) break;
    if (Date.now() - t0 > 10_000) throw new Error(`cursor not at line ${rule.line}: ${texts.join(' | ')}`);
    await page.waitForTimeout(200);
  }
  await screenshot('rule-opened');
}

export async function dashboardProvidersCheckNow({ page, open }) {
  await open();
  const view = await showSideView(page);
  await view.locator('#providers button[data-key="check-now"]').click();
  const ollama = view.locator('li.provider[data-provider="ollama"]');
  await ollama.locator('.status.ok').waitFor({ timeout: 20_000 });
  assert.match(await ollama.innerText(), /reachable[\s\S]*\d+ ms/);
  // OPENAI_API_KEY is empty in the e2e environment: that provider is off, with the reason.
  assert.match(await view.locator('li.provider[data-provider="openai"]').innerText(), /off/);
}

export async function dashboardWhatIfEditorSimulatesAndSaves({ page, open, workspace, screenshot }) {
  await open();
  const original = readFileSync(configPath(workspace), 'utf8');
  try {
    await showSideView(page);
    await explainAndWait(page, 1);
    await runCommand(page, 'LLM Router: Open Dashboard');
    let panel = await dashboard(page, 'panel');
    const ruleId = await panel.locator('li.rule.last').getAttribute('data-rule');
    const ruleIndex = configRules(workspace).findIndex((r) => r.id === ruleId);
    await panel.locator('#whatif-rule').selectOption(String(ruleIndex));
    await panel.locator('#whatif-add').selectOption('anthropic');
    await panel.locator('button[data-key="whatif-add-btn"]').click();
    panel = await dashboard(page, 'panel');
    const steps = panel.locator('ol.draft > li');
    const n = await steps.count();
    // Move the added premium target to the front with the keyboard-reachable buttons.
    for (let i = n - 1; i > 0; i--) await panel.locator(`button[data-key="up-${i}"]`).click();
    assert.match(await steps.first().innerText(), /anthropic/);
    const changed = panel.locator('table.whatif-table tr.changed');
    await changed.first().waitFor({ timeout: 10_000 });
    assert.match(await changed.first().innerText(), /anthropic:/);
    assert.match(await panel.locator('.whatif-summary').innerText(), /with this chain \$/);
    await screenshot('what-if');

    await panel.locator('button[data-key="whatif-save"]').click();
    await panel.locator('.notice', { hasText: 'Saved rule' }).waitFor({ timeout: 15_000 });
    const saved = readFileSync(configPath(workspace), 'utf8');
    const a = original.split('\n');
    const b = saved.split('\n');
    assert.equal(b.length, a.length, 'saving changed the number of lines');
    const diff = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
    assert.equal(diff.length, 1, `saving changed more than the rule's use line: ${diff.map((i) => b[i]).join(' | ')}`);
    assert.match(b[diff[0]], /^\s+use: \["anthropic", /);
    // The live config follows the save: the rule's chain now starts with anthropic.
    await panel.locator(`li.rule[data-rule="${ruleId}"] ol.chain li`).first().filter({ hasText: 'anthropic' }).waitFor({ timeout: 15_000 });
  } finally {
    writeFileSync(configPath(workspace), original);
  }
}

export async function dashboardStateSurvivesHideAndShow({ page, open }) {
  await open();
  let view = await showSideView(page);
  // From the keyboard: a section header is a button with aria-expanded.
  await view.locator('button[data-key="toggle-providers"]').focus();
  await page.keyboard.press('Enter');
  await view.locator('button[data-key="toggle-providers"][aria-expanded="false"]').waitFor({ timeout: 5000 });
  await view.locator('button[data-key="remove-0"]').first().waitFor();
  const draftBefore = await view.locator('ol.draft').innerText();
  await view.locator('#whatif-add').selectOption({ index: 0 });
  await view.locator('button[data-key="whatif-add-btn"]').click();
  view = await dashboard(page, 'view');
  const edited = await view.locator('ol.draft').innerText();
  assert.notEqual(edited, draftBefore);

  // Hide the container (Explorer), then show it again: the page is rebuilt from its saved state.
  await view.evaluate(() => (window.__beforeHide = true));
  await page.keyboard.press('Control+Shift+E');
  await page.locator('.part.sidebar .explorer-folders-view, .part.sidebar .explorer-viewlet').first().waitFor({ timeout: 10_000 });
  view = await showSideView(page);
  assert.equal(await view.evaluate(() => window.__beforeHide), undefined, 'the page was kept alive while hidden: nothing was restored');
  assert.equal(await view.locator('ol.draft').innerText(), edited, 'the what-if draft was lost');
  assert.equal(await view.locator('button[data-key="toggle-providers"]').getAttribute('aria-expanded'), 'false', 'the collapsed section reopened');
  await view.locator('button[data-key="toggle-providers"]').click();
  await view.locator('button[data-key="whatif-reset"]').click();
}

/**
 * Thirty days of history in the shared ledger, as compacted days, so the chart has something to draw;
 * returns the cleanup. Yesterday and older only: today is the real ledger's.
 */
function seedHistory(stateDir) {
  const dir = path.join(stateDir, 'ledger');
  mkdirSync(dir, { recursive: true });
  const files = [];
  const now = new Date();
  for (let i = 1; i < 30; i++) {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i, 12);
    const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const cost = i % 7 === 3 ? 8.6 : Math.round((2 + 2.5 * Math.sin(i / 2.5) + (i % 3)) * 100) / 100;
    const row = (provider, model, costUsd, requests) => ({ provider, model, taskType: 'code_generation', requests, costUsd, inputTokens: Math.round(costUsd * 150_000), outputTokens: Math.round(costUsd * 40_000), cacheReadTokens: 0, cacheWriteTokens: 0, estimated: 0 });
    const summary = { v: 1, day, rows: [row('anthropic', 'claude-sonnet-4-20250514', cost, 12), row('groq', 'llama-3.1-70b-versatile', 0.05, 20), row('ollama', 'llama3.1:8b', 0, 40)], feedback: [], events: [], skippedLines: 0 };
    const file = path.join(dir, `${day}.summary.json`);
    if (existsSync(file)) continue;
    writeFileSync(file, JSON.stringify(summary));
    files.push(file);
  }
  return () => files.forEach((f) => rmSync(f, { force: true }));
}

/** One paid request from the CLI into the same ledger: the dashboard follows other processes live. */
function paidRequestFromCli(workspace, env) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'complete', '--task', 'reasoning', '--complexity', 'complex', '--config', configPath(workspace), '--state-dir', env.LLM_ROUTER_STATE_DIR, 'Why is the sky blue? Think it through.'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(r.status, 0, `llm-router complete failed: ${r.stderr}`);
}

/** The dashboard as an editor panel beside the side view, with spend, a checked provider list and a what-if, in `theme`. */
async function screenshotIn(ctx, theme, kind) {
  const { page, open, screenshot, workspace, env } = ctx;
  const t0 = Date.now();
  const step = (what) => console.log(`    ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.setViewportSize({ width: 1600, height: 1000 });
  const cleanup = seedHistory(env.LLM_ROUTER_STATE_DIR);
  await open();
  await setTheme(page, theme, kind);
  step(`theme ${theme}`);
  try {
    await showSideView(page);
    await explainAndWait(page, 1);
    paidRequestFromCli(workspace, env);
    step('decisions made');
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'LLM Router: Open Dashboard');
    let panel = await dashboard(page, 'panel');
    await panel.locator('button[data-key="check-now"]').click();
    await panel.locator('li.provider[data-provider="ollama"] .status.ok').waitFor({ timeout: 20_000 });
    await panel.locator('#spend .bars li', { hasText: 'anthropic' }).first().waitFor({ timeout: 10_000 });
    await panel.locator('ol.decisions > li summary').first().click();
    const ruleId = await panel.locator('li.rule.last').getAttribute('data-rule');
    const ruleIndex = configRules(workspace).findIndex((r) => r.id === ruleId);
    await panel.locator('#whatif-rule').selectOption(String(ruleIndex));
    await panel.locator('#whatif-add').selectOption('groq');
    await panel.locator('button[data-key="whatif-add-btn"]').click();
    panel = await dashboard(page, 'panel');
    await panel.locator('button[data-key="up-1"]').click();
    await panel.locator('table.whatif-table tr.changed').first().waitFor({ timeout: 10_000 });
    step('dashboard filled');
    const background = await panel.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim());
    const name = kind === 'vs' ? 'light' : 'dark';
    await panel.evaluate(() => window.scrollTo(0, 0));
    await screenshot(`${name}-top`);
    await panel.locator('#providers').scrollIntoViewIfNeeded();
    await panel.evaluate(() => document.getElementById('spend')?.scrollIntoView({ block: 'start' }));
    await screenshot(`${name}-spend`);
    await panel.evaluate(() => document.getElementById('whatif')?.scrollIntoView({ block: 'start' }));
    await screenshot(`${name}-what-if`);
    // Back to the draft's live chain, so the next window starts clean.
    await panel.locator('button[data-key="whatif-reset"]').click();
    return background;
  } finally {
    cleanup();
    // Back to the default theme for the tests that follow.
    await setTheme(page, 'Light 2026', 'vs').catch((e) => console.log(`    could not restore the theme: ${e.message.split('\n')[0]}`));
    step('theme restored');
  }
}

let backgrounds = {};

export async function dashboardScreenshotDark(ctx) {
  backgrounds.dark = await screenshotIn(ctx, 'Dark Modern', 'vs-dark');
  assert.ok(backgrounds.dark, 'the webview has no theme variables');
}

export async function dashboardScreenshotLight(ctx) {
  backgrounds.light = await screenshotIn(ctx, 'Light Modern', 'vs');
  assert.ok(backgrounds.light, 'the webview has no theme variables');
  if (backgrounds.dark) assert.notEqual(backgrounds.light, backgrounds.dark, 'the webview does not follow the theme');
}
