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

/**
 * The extension logs how long activate() took ("activated in N ms"): read that line where a user sees it,
 * in the "LLM Router" output channel (LLM Router: Show Log). Prints `ACTIVATE_MS <n> (LLM Router log)`.
 * The goal (≤ 20 ms) is a figure to report, not an assertion: tests do not race the clock.
 */
export async function logShowsActivateDuration({ page, open, screenshot }) {
  await open();
  await runCommand(page, 'LLM Router: Show Log');
  // Monaco renders spaces as no-break spaces: \s matches both.
  const line = page.locator('.monaco-editor .view-line', { hasText: /activated\s+in\s+[\d.]+\s+ms/ }).first();
  await line.waitFor({ state: 'visible', timeout: 60_000 });
  const text = (await line.innerText()).replace(/\s+/g, ' ');
  const m = /activated in ([\d.]+) ms/.exec(text);
  assert.ok(m, `no activation time in: ${text}`);
  console.log(`    ACTIVATE_MS ${m[1]} (LLM Router log)`);
  const engine = page.locator('.monaco-editor .view-line', { hasText: /engine\s+started/ }).first();
  await engine.waitFor({ state: 'visible', timeout: 60_000 });
  console.log(`    ${(await engine.innerText()).replace(/\s+/g, ' ').replace(/^.*\[info\] /, '')} (LLM Router log)`);
  await screenshot('activation-log');
}

/**
 * VS Code's own split of the activation, in "Developer: Startup Performance" (its "Extension Activation Stats"
 * table): Load Code (reading the bundle, and VS Code making the `vscode` API for the extension), Call Activate
 * (activate() itself) and Finish Activate. Prints `ACTIVATE_SPLIT load <n> call <n> finish <n> (Startup Performance)`,
 * then `ACTIVATE_PEERS`: the Load Code of the built-in extensions in view, VS Code's share on this machine now.
 */
export async function startupPerformanceShowsTheSplit({ page, open, extension, screenshot }) {
  await open();
  const id = `${extension.packageJSON.publisher}.${extension.packageJSON.name}`;
  await runCommand(page, 'Developer: Startup Performance');
  // The report is long and its lines are virtualised: find the row, which scrolls it into view.
  const row = page.locator('.monaco-editor .view-line', { hasText: new RegExp(`\\|\\s*${id.replace('.', '\\.')}\\s*\\|`) }).first();
  for (let i = 0; i < 30 && !(await row.isVisible().catch(() => false)); i++) {
    await page.keyboard.press('Control+F');
    await page.keyboard.type(`| ${id} |`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  const cells = (await row.innerText()).replace(/\s+/g, ' ').split('|').map((c) => c.trim()).filter(Boolean);
  // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
  assert.equal(cells[0], id, `not the extension's row: ${cells.join(' | ')}`);
  console.log(`    ACTIVATE_SPLIT load ${cells[2]} call ${cells[3]} finish ${cells[4]} (Startup Performance)`);
  // Peers on the same machine at the same moment: the built-in extensions' rows drawn beside ours.
  const peers = [];
  for (const line of await page.locator('.monaco-editor .view-line', { hasText: /\|\s*vscode\.[\w-]+\s*\|/ }).allInnerTexts()) {
    const c = line.replace(/\s+/g, ' ').split('|').map((x) => x.trim()).filter(Boolean);
    if (/^\d+$/.test(c[2] ?? '')) peers.push(`${c[0].replace(/^vscode\./, '')} ${c[2]}`);
  }
  if (peers.length) console.log(`    ACTIVATE_PEERS load: ${peers.join(', ')} (built-in extensions, Startup Performance)`);
  await screenshot('startup-performance');
}
