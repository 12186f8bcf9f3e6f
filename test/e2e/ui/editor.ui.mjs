// UI test: quick open (Ctrl+P) opens a workspace file; the editor and the status bar show it.
import assert from 'node:assert/strict';
import { quickInput, statusBarTexts } from '../harness/browser.mjs';

export async function quickOpenShowsWorkspaceFile({ page, open, screenshot }) {
  await open();
  const q = quickInput(page);
  // Ctrl+P right after load can race the keybinding service: retry until the widget shows.
  for (let i = 0; ; i++) {
    await page.locator('.part.editor').click({ position: { x: 200, y: 200 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    if (await q.input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) break;
    if (i >= 4) throw new Error('quick open did not appear');
  }
  await q.input.fill('math.ts');
  await q.rows.filter({ hasText: 'math.ts' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');

  await page.locator('.tabs-container .tab', { hasText: 'math.ts' }).waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines', { hasText: 'export function add' }).first().waitFor({ timeout: 15_000 });

  // The language indicator in the status bar.
  let texts = [];
  for (let i = 0; i < 50; i++) {
    texts = (await statusBarTexts(page)).map((t) => t.trim()).filter(Boolean);
    if (texts.some((t) => t.includes('TypeScript'))) break;
    await page.waitForTimeout(200);
  }
  console.log(`    status bar: ${texts.join(' | ')}`);
  assert.ok(texts.some((t) => t.includes('TypeScript')), `no "TypeScript" in the status bar: ${texts.join(' | ')}`);
  await screenshot('math-ts');
}
