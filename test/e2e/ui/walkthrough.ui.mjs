// UI test: the getting-started walkthrough, step by step through its own buttons, as a new user goes: each step
// is ticked only by its real event (a server turned on, a key stored, a budget set, Explain answered).
// The fake provider server stands in for LM Studio (LLM_ROUTER_TEST_RUNTIMES, see globalSetup.mjs).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { notificationTexts, openFile, quickInput, runCommand } from '../harness/browser.mjs';

const page$ = (page) => page.locator('.gettingStartedContainer');
const step = (page, id) => page$(page).locator(`[data-step-id$="#${id}"]`);
const ticked = (page, id) => page$(page).locator(`[data-step-id$="#${id}"][aria-checked="true"]`);

/** The quick input is open, not closing, and has the keyboard. */
const quickInputReady = (page) =>
  page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    return !!w && w.style.display !== 'none' && !w.inert && !!document.activeElement && w.contains(document.activeElement);
  });

/**
 * Opens a step (its title) and clicks the button in its description. When the button opens a picker, waits
 * until the picker has the keyboard: a walkthrough that is still settling after the step opened can take the
 * focus back, which closes the picker, so the button is clicked again then (as a user would).
 */
async function runStep(page, id, button, { opensPicker = true } = {}) {
  await step(page, id).click();
  const link = page$(page).locator('.getting-started-step.expanded').getByRole('button', { name: button });
  await link.waitFor({ state: 'visible', timeout: 30_000 });
  for (let tries = 0; ; tries++) {
    await link.click();
    if (!opensPicker) return;
    for (let i = 0; i < 120 && !(await quickInputReady(page)); i++) await page.waitForTimeout(250);
    if (await quickInputReady(page)) return;
    if (tries >= 4) throw new Error(`the ${button} picker did not keep the focus`);
  }
}

/** Picks the row with `text` in the open picker (typed into the picker itself, never into whatever has focus). */
async function pick(page, text) {
  const q = quickInput(page);
  await q.rows.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await q.input.pressSequentially(text);
  await q.rows.first().filter({ hasText: text }).waitFor({ state: 'visible', timeout: 60_000 });
  await q.input.press('Enter');
}

async function typeInto(page, value) {
  const q = quickInput(page);
  await q.input.waitFor({ state: 'visible', timeout: 60_000 });
  await q.input.pressSequentially(value);
  await q.input.press('Enter');
}

export async function walkthroughStepsCompleteOnTheirEvents({ page, open, workspace, screenshot }) {
  const configFile = path.join(workspace, '.vscode', 'llm_routing.yaml');
  const config = readFileSync(configFile, 'utf8');
  try {
    await open();
    await openFile(page, 'math.ts');
    await page.locator('.monaco-editor .view-lines', { hasText: 'export function add' }).first().click();
    await runCommand(page, 'LLM Router: Get Started');
    await page$(page).getByText('Get started with LLM Router').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const id of ['findLocal', 'apiKey', 'budget', 'explain']) assert.equal(await ticked(page, id).count(), 0, `${id} starts unticked`);

    // 1. Find local model servers: the fake answers as LM Studio; accept the pick; the config gets it.
    await runStep(page, 'findLocal', 'Find Local Model Servers');
    await pick(page, 'LM Studio');
    await ticked(page, 'findLocal').waitFor({ timeout: 30_000 });
    const written = readFileSync(configFile, 'utf8');
    assert.match(written, /^ {4}lmstudio:\n {6}type: openai_compatible\n/m, 'LM Studio added to the local tier');
    assert.match(written, /^fallback_chain: \[ollama, lmstudio, groq, anthropic\]$/m);
    assert.ok((await notificationTexts(page)).some((t) => /turned on LM Studio in your routing config/.test(t)));

    // 2. An API key, stored in SecretStorage.
    await runStep(page, 'apiKey', 'Set API Key');
    await pick(page, 'openai');
    await typeInto(page, 'sk-e2e-stored-key-123456');
    await ticked(page, 'apiKey').waitFor({ timeout: 30_000 });

    // 4. A daily budget (the config's own figure, so later tests see no change).
    await runStep(page, 'budget', 'Set Daily Budget');
    await typeInto(page, '10');
    await ticked(page, 'budget').waitFor({ timeout: 30_000 });

    // 5. Explain the code beside the walkthrough: ticked once an answer came back.
    await runStep(page, 'explain', 'Explain the Selection', { opensPicker: false });
    await ticked(page, 'explain').waitFor({ timeout: 60_000 });
    await page$(page).scrollIntoViewIfNeeded();
    await screenshot('walkthrough-steps-done');

    // 3. Pulling needs llmRouter.pullModel; without a successful pull the step stays unticked.
    assert.equal(await ticked(page, 'pullModel').count(), 0);
  } finally {
    writeFileSync(configFile, config);
    await runCommand(page, 'LLM Router: Clear API Key').catch(() => {});
    await pick(page, 'openai').catch(() => {});
  }
}
