// What a failed UI test leaves in the test output, so a failure seen only in CI can be read from its log:
// the open tabs, the notifications, and the end of the newest window's "LLM Router" log.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { notificationTexts } from './browser.mjs';

const LOG_LINES = 25;

// The newest exthost*/llm-router.llm-router/LLM Router.log under code-server's logs dir.
function newestRouterLog(logsDir) {
  const list = (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  let best = null;
  for (const session of list(logsDir)) {
    const dir = path.join(logsDir, session);
    const hosts = list(dir).filter((d) => d.startsWith('exthost'));
    for (const host of hosts) {
      const file = path.join(dir, host, 'llm-router.llm-router', 'LLM Router.log');
      let mtime;
      try {
        mtime = statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (!best || mtime > best.mtime) best = { file, mtime };
    }
  }
  return best?.file ?? null;
}

/** Lines describing the window's state; never throws (the page may be gone). */
export async function failureContext(page, userDataDir) {
  const out = [];
  const tabs = await page.locator('.tabs-container .tab').allTextContents().catch(() => null);
  if (tabs) out.push(`tabs: ${tabs.map((t) => t.trim()).filter(Boolean).join(' | ') || '(none)'}`);
  const notes = await notificationTexts(page).catch(() => null);
  if (notes) out.push(`notifications: ${notes.length ? notes.join(' | ') : '(none)'}`);
  const file = newestRouterLog(path.join(userDataDir, 'logs'));
  let text = null;
  try {
    text = file ? readFileSync(file, 'utf8') : null;
  } catch {
    // rotated or removed since it was found
  }
  if (text !== null) {
    const lines = text.trimEnd().split('\n');
    out.push(`LLM Router log (newest window), last ${Math.min(LOG_LINES, lines.length)} of ${lines.length} lines:`, ...lines.slice(-LOG_LINES).map((l) => `  ${l}`));
  } else {
    out.push('LLM Router log: none found');
  }
  return out;
}
