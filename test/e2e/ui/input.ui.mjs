// UI test: a binary file is refused in the real editor. The user opens it anyway (VS Code shows binary files
// behind "Open Anyway") and runs "LLM Router: Explain" from the palette: the error names the refusal and no
// chat request reaches the fake provider.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openFile, quickInput, runCommand } from '../harness/browser.mjs';

const NAME = 'firmware.bin';
/** A NUL on every line, so the file is binary whichever part of it an action takes. */
const BYTES = Buffer.from(Array.from({ length: 8 }, (_, i) => `\x7fELF\0\0\0section ${i}\0\x01\x02\n`).join(''), 'latin1');

const chatRequests = async (env) => {
  const r = await fetch(`${env.LLM_ROUTER_TEST_FAKE_URL}/__fake/log`);
  const body = await r.json();
  return (Array.isArray(body) ? body : body.entries).filter((e) => e.path !== '/api/generate').length;
};

export async function binaryFileIsRefusedByExplain({ page, open, workspace, env, workspaceTrust, skip, screenshot }) {
  if (workspaceTrust) skip('the untrusted pass has its own tests');
  writeFileSync(path.join(workspace, NAME), BYTES);
  await open();
  await openFile(page, NAME);
  const openAnyway = page.locator('.monaco-link, a', { hasText: /open anyway/i }).first();
  await openAnyway.waitFor({ state: 'visible', timeout: 30_000 });
  await openAnyway.click();
  // VS Code asks which editor: the text editor.
  const textEditor = quickInput(page).rows.filter({ hasText: 'Text Editor' }).first();
  if (await textEditor.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) await textEditor.click();
  const lines = page.locator('.monaco-editor .view-lines', { hasText: 'section' }).first();
  await lines.waitFor({ state: 'visible', timeout: 30_000 });
  await lines.click();
  const before = await chatRequests(env);

  await runCommand(page, 'LLM Router: Explain');
  const refusal = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /binary file: not sent/ }).first();
  await refusal.waitFor({ state: 'visible', timeout: 60_000 });
  const text = (await refusal.innerText()).replace(/\s+/g, ' ');
  console.log(`    ${text}`);
  assert.match(text, /Explain firmware\.bin failed: firmware\.bin: binary file: not sent/);
  assert.equal(await chatRequests(env), before, 'nothing was sent to a model');
  await screenshot('binary-refused');
}
