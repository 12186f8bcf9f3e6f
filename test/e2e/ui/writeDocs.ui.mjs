// UI test: Write Docs through the real workbench, as a user runs it: the proposed doc comment opens as a diff,
// the editor title's Apply button writes it into the file, and one undo takes it out again.
import assert from 'node:assert/strict';
import { openFile, runCommand } from '../harness/browser.mjs';

export async function writeDocsApplyChangesTheFile({ page, open, screenshot }) {
  await open();
  await openFile(page, 'math.ts');
  // The cursor inside mean(): the docs are for that function.
  await page.locator('.monaco-editor .view-line', { hasText: 'empty list' }).first().click();
  await runCommand(page, 'LLM Router: Write Docs');

  const diff = page.locator('.monaco-diff-editor');
  await diff.first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.tabs-container .tab.active', { hasText: /Docs for mean/ }).waitFor({ state: 'visible', timeout: 30_000 });
  await diff.locator('.editor.modified .view-lines', { hasText: 'echo:' }).first().waitFor({ timeout: 30_000 });
  await screenshot('write-docs-proposed');

  await page.locator('.editor-actions a.action-label[aria-label="Apply Proposed Change"]').first().click();
  // The diff closes and the file holds the comment, right above the function.
  await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible', timeout: 30_000 });
  const lines = page.locator('.part.editor .editor-instance .monaco-editor:not(.modified-in-monaco-diff-editor) .view-lines').first();
  await lines.locator('.view-line', { hasText: 'echo:' }).first().waitFor({ timeout: 30_000 });
  const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /\/\*\*[\s\S]*echo:[0-9a-f]{8}[\s\S]*\*\/\s*export function mean/, text);
  await screenshot('write-docs-applied');

  // One undo removes it all.
  await lines.click();
  await page.keyboard.press('Control+Z');
  await lines.locator('.view-line', { hasText: 'echo:' }).first().waitFor({ state: 'detached', timeout: 30_000 });
}
