// UI test: "LLM Router: Explain" from the command palette, as a user runs it: the streamed result opens
// beside the code, and the status bar shows today's spend against the budget.
import assert from 'node:assert/strict';
import { openFile, runCommand, statusBarTexts } from '../harness/browser.mjs';

const SPEND = /\$\d+\.\d{2,4} \/ \$\d+\.\d{2}/;

export async function explainFromPaletteStreamsTheResult({ page, open, screenshot }) {
  await open();
  await openFile(page, 'math.ts');
  // Put the cursor inside the code so the request is about its enclosing function.
  await page.locator('.monaco-editor .view-lines', { hasText: 'export function add' }).first().click();
  await runCommand(page, 'LLM Router: Explain');

  const result = page.locator('.monaco-editor .view-lines', { hasText: 'LLM Router' });
  await result.first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.tabs-container .tab', { hasText: /Explain/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
  // The answer streams in, then the footer with the tokens and the cost.
  await page.locator('.monaco-editor .view-lines', { hasText: 'out tokens' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  // Monaco renders spaces as no-break spaces and wraps long lines: compare on normalised whitespace.
  const text = (await result.first().innerText()).replace(/\s+/g, ' ');
  assert.match(text, /→ \S+:\S+ \(rule \d+ "/, 'the decision line opens the document');
  assert.match(text, /echo:[0-9a-f]{8}/, 'the streamed answer is shown');
  await screenshot('explain-result');

  // Polled until it shows (the runner's per-test limit stops a hung wait).
  let bar = (await statusBarTexts(page)).map((t) => t.trim());
  while (!bar.some((t) => SPEND.test(t))) {
    await page.waitForTimeout(200);
    bar = (await statusBarTexts(page)).map((t) => t.trim());
  }
  console.log(`    status bar: ${bar.filter(Boolean).join(' | ')}`);
  assert.ok(bar.some((t) => SPEND.test(t)), `no spend in the status bar: ${bar.join(' | ')}`);
}
