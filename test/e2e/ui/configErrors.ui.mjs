// UI test: a broken routing config shows one notification, with a link to the problem; fixing the file closes
// it by itself (an error toast with a button used to stay until dismissed, long after the fix).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { statusBarTexts } from '../harness/browser.mjs';

const SPEND = /\$\d+\.\d{2,4} \/ \$\d+\.\d{2}/;

export async function configErrorNoticeClosesOnceFixed({ page, open, workspace, screenshot }) {
  const file = path.join(workspace, '.vscode', 'llm_routing.yaml');
  const good = readFileSync(file, 'utf8');
  const bad = good.replace('fallback_chain: [ollama, groq, anthropic]', 'fallback_chain: [ollama, grok, anthropic]');
  if (bad === good) throw new Error('the workspace config no longer has the fallback_chain this test breaks');
  try {
    await open();
    // The extension is up (the spend shows) before the file breaks.
    while (!(await statusBarTexts(page)).some((t) => SPEND.test(t))) await page.waitForTimeout(250);
    writeFileSync(file, bad);
    const notice = page.locator('.notifications-toasts .notification-list-item', { hasText: 'the routing config has 1 problem' }).first();
    await notice.waitFor({ state: 'visible', timeout: 60_000 });
    await notice.locator('a', { hasText: 'Open Config' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'llm_routing.yaml' }).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('config-error-notice');
    writeFileSync(file, good);
    await notice.waitFor({ state: 'detached', timeout: 60_000 });
  } finally {
    writeFileSync(file, good);
  }
}
