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

/** The quick input is open and not closing (the answers are filled into its own input, so it need not have the focus). */
const quickInputReady = (page) =>
  page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    return !!w && w.style.display !== 'none' && !w.inert;
  });

/** Opens a step (its title) and clicks the button in its description. */
async function clickStepButton(page, id, button) {
  await step(page, id).click();
  const link = page$(page).locator('.getting-started-step.expanded').getByRole('button', { name: button });
  await link.waitFor({ state: 'visible', timeout: 30_000 });
  await link.click();
}

/**
 * Runs a step whose button opens pickers, and answers each in turn: a row to pick, or text to type. The
 * answers go into the picker's own input (fill, never keystrokes to whatever has the focus). A walkthrough
 * still re-rendering after the previous step can take the focus back, which closes a picker: then the step is
 * started again, as a user would click its button again.
 */
async function answerStep(page, id, button, answers, screenshot) {
  const q = quickInput(page);
  for (let tries = 0; ; tries++) {
    await clickStepButton(page, id, button);
    try {
      for (const a of answers) {
        for (let i = 0; i < 240 && !(await quickInputReady(page)); i++) await page.waitForTimeout(250);
        if (a.pick) await q.rows.filter({ hasText: a.pick }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await q.input.fill(a.pick ?? a.type, { timeout: 10_000 });
        if (a.pick) await q.rows.first().filter({ hasText: a.pick }).waitFor({ state: 'visible', timeout: 30_000 });
        await q.input.press('Enter', { timeout: 10_000 });
      }
      return;
    } catch (err) {
      if (tries >= 4) throw err;
      console.log(`    ${button}: the picker closed (${err.message.split('\n')[0]}); again`);
      await screenshot(`${id}-try-${tries}`);
      // Escape only a picker still open: on the walkthrough itself it would go back to the Welcome page.
      if (await quickInput(page).widget.isVisible()) await page.keyboard.press('Escape');
    }
  }
}

export async function walkthroughStepsCompleteOnTheirEvents({ page, open, workspace, env, screenshot }) {
  const configFile = path.join(workspace, '.vscode', 'llm_routing.yaml');
  const config = readFileSync(configFile, 'utf8');
  try {
    await open();
    await openFile(page, 'math.ts');
    await page.locator('.monaco-editor .view-lines', { hasText: 'export function add' }).first().click();
    await runCommand(page, 'LLM Router: Get Started');
    await page$(page).getByText('Get started with LLM Router').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const id of ['findLocal', 'apiKey', 'pullModel', 'budget', 'explain']) assert.equal(await ticked(page, id).count(), 0, `${id} starts unticked`);

    // 1. Find local model servers: the fake answers as LM Studio; accept the pick; the config gets it.
    await answerStep(page, 'findLocal', 'Find Local Model Servers', [{ pick: 'LM Studio' }], screenshot);
    await ticked(page, 'findLocal').waitFor({ timeout: 30_000 });
    const written = readFileSync(configFile, 'utf8');
    assert.match(written, /^ {4}lmstudio:\n {6}type: openai_compatible\n/m, 'LM Studio added to the local tier');
    assert.match(written, /^fallback_chain: \[ollama, lmstudio, groq, anthropic\]$/m);
    assert.ok((await notificationTexts(page)).some((t) => /turned on LM Studio in your routing config/.test(t)));

    // 2. An API key, stored in SecretStorage.
    await answerStep(page, 'apiKey', 'Set API Key', [{ pick: 'openai' }, { type: 'sk-e2e-stored-key-123456' }], screenshot);
    await ticked(page, 'apiKey').waitFor({ timeout: 30_000 });

    // 3. Pull the coder model through llmRouter.pullModel (the fake Ollama streams the pull): ticked once it is ready.
    await clickStepButton(page, 'pullModel', 'Pull the Default Coder Model');
    await ticked(page, 'pullModel').waitFor({ timeout: 60_000 });

    // 4. A daily budget (the config's own figure, so later tests see no change).
    await answerStep(page, 'budget', 'Set Daily Budget', [{ type: '10' }], screenshot);
    await ticked(page, 'budget').waitFor({ timeout: 30_000 });

    // 5. Explain the code beside the walkthrough: ticked once an answer came back.
    await clickStepButton(page, 'explain', 'Explain the Selection');
    await ticked(page, 'explain').waitFor({ timeout: 60_000 });
    await page$(page).scrollIntoViewIfNeeded();
    await screenshot('walkthrough-steps-done');
  } finally {
    writeFileSync(configFile, config);
    await fetch(`${env.LLM_ROUTER_TEST_FAKE_URL}/__fake/reset`, { method: 'POST' }).catch(() => undefined);
    await runCommand(page, 'LLM Router: Clear API Key')
      .then(() => quickInput(page).input.fill('openai', { timeout: 10_000 }))
      .then(() => quickInput(page).input.press('Enter'))
      .catch((e) => console.log(`    could not clear the key: ${e.message.split('\n')[0]}`));
  }
}
// Five steps, each a real event (a config write, a key stored, a pull, a setting, an answer): more than one action's limit.
walkthroughStepsCompleteOnTheirEvents.uiTimeoutSec = 540;
