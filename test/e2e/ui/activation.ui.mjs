// UI test: the real activation time, read where a user sees it: Developer: Show Running Extensions.
// (An extension activated at startup is already active when the extension-host suite runs, so
// that suite cannot time it.) Prints `ACTIVATION_MS <n> (Running Extensions)`.
import assert from 'node:assert/strict';
import { runCommand } from '../harness/browser.mjs';

export async function runningExtensionsShowsActivationTime({ page, open, extension, screenshot, skip }) {
  const events = extension.packageJSON.activationEvents ?? [];
  if (!events.some((e) => e === '*' || e === 'onStartupFinished')) {
    skip(`activation events ${JSON.stringify(events)} do not activate it at startup`);
  }
  await open();
  const name = extension.packageJSON.displayName || extension.packageJSON.name;
  const editor = page.locator('.runtime-extensions-editor');
  const row = editor.locator('.monaco-list-row').filter({ hasText: name }).first();

  // The list only holds extensions that have activated, sorted by activation time, and it is
  // virtualised: reopen it until the row is there, paging down through long lists.
  const t0 = Date.now();
  for (;;) {
    await runCommand(page, 'Developer: Show Running Extensions');
    await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
    for (let i = 0; i < 10 && !(await row.isVisible()); i++) {
      await editor.locator('.monaco-list').first().focus().catch(() => {});
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(200);
    }
    if (await row.isVisible()) break;
    if (Date.now() - t0 > 120_000) throw new Error(`${name} is not among the running extensions`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  await row.scrollIntoViewIfNeeded();
  // On a busy machine the row can still say "Activating…": wait for the figure (the runner's per-test
  // limit stops a hung wait), never for a fixed time.
  let text = await row.innerText();
  while (/Activating/i.test(text)) {
    await page.waitForTimeout(500);
    text = await row.innerText();
  }
  const m = /Activation:\s*([\d.]+)\s*ms/i.exec(text);
  assert.ok(m, `no activation time for ${name} in: ${text.replace(/\s+/g, ' ')}`);
  console.log(`    ACTIVATION_MS ${Math.round(Number(m[1]))} (Running Extensions)`);
  assert.doesNotMatch(text, /error/i, `${name} reports an error: ${text.replace(/\s+/g, ' ')}`);
  await screenshot('running-extensions');
}
