// UI test: "LLM Router: Pull Ollama Model" from the command palette, as a user runs it: a cancellable progress
// notification shows the percent and MB from the fake Ollama server's pull stream (slowed down so it can be seen).
import assert from 'node:assert/strict';
import { notificationTexts, runCommand, webviewFrame } from '../harness/browser.mjs';

/** The toast once VS Code has finished fading it in (it marks it so on `transitionend`): a screenshot before that catches it half drawn. */
const settledToast = (page, text) => page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: text }).first();

export async function pullShowsProgressInANotification({ page, open, env, screenshot }) {
  const fake = env.LLM_ROUTER_TEST_FAKE_URL;
  assert.ok(fake, 'LLM_ROUTER_TEST_FAKE_URL is not set');
  const script = { steps: [{ chunks: 40, chunkDelayMs: 250 }], match: { path: '/api/pull' } };
  await fetch(`${fake}/__fake/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(script) });
  try {
    await open();
    await runCommand(page, 'LLM Router: Pull Ollama Model');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'pulling deepseek-coder:6.7b' });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    await settledToast(page, 'pulling deepseek-coder:6.7b').waitFor({ state: 'visible', timeout: 30_000 });
    // Wait for a percentage between the first and the last, then look at it.
    let seen = '';
    for (let i = 0; i < 100 && !/\b([1-9]\d?)% · [\d,]+ MB of [\d,]+ MB/.test(seen); i++) {
      seen = (await notificationTexts(page)).join(' | ');
      if (!/\b([1-9]\d?)% · /.test(seen)) await page.waitForTimeout(100);
    }
    console.log(`    notification: ${seen}`);
    assert.match(seen, /pulling deepseek-coder:6\.7b into ollama/);
    assert.match(seen, /\b([1-9]\d?)% · [\d,]+ MB of 1,200 MB/);
    assert.ok((await toast.first().locator('.monaco-button', { hasText: 'Cancel' }).count()) > 0, 'the pull can be cancelled');
    await screenshot('pull-progress');
    assert.ok((await page.locator('.notifications-toasts .monaco-progress-container').count()) > 0, 'a progress bar in the notification');
    // The pull finishes: the model is ready.
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'deepseek-coder:6.7b is ready in ollama' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  } finally {
    await fetch(`${fake}/__fake/reset`, { method: 'POST' });
  }
}

export async function dashboardOffersToPullAMissingModel({ page, open, env, screenshot }) {
  const fake = env.LLM_ROUTER_TEST_FAKE_URL;
  const post = (p, body) => fetch(`${fake}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // The fake Ollama has not pulled deepseek-coder:6.7b, which the workspace's rules use.
  await post('/__fake/defaults', { models: { ollama: ['llama3.1:8b', 'llama3.1:70b', 'deepseek-coder:33b', 'nomic-embed-text'] } });
  await post('/__fake/script', { steps: [{ chunks: 40, chunkDelayMs: 250 }], match: { path: '/api/pull' } });
  try {
    await open();
    await runCommand(page, 'LLM Router: Open Dashboard');
    const panel = webviewFrame(page);
    await panel.locator('button[data-key="check-now"]').click({ timeout: 30_000 });
    const pull = panel.locator('button[data-key="pull-ollama-deepseek-coder:6.7b"]');
    await pull.waitFor({ state: 'visible', timeout: 30_000 });
    const row = await panel.locator('li.provider[data-provider="ollama"]').innerText();
    console.log(`    dashboard: ${row.replace(/\s+/g, ' ').trim()}`);
    assert.match(row, /deepseek-coder:6\.7b is not pulled/);
    await pull.click();
    await settledToast(page, 'pulling deepseek-coder:6.7b').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('dashboard-pull');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'deepseek-coder:6.7b is ready in ollama' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The check after the pull lists it: the Pull button goes away.
    await pull.waitFor({ state: 'detached', timeout: 30_000 });
  } finally {
    await post('/__fake/reset', {});
  }
}
