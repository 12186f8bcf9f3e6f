// Headless Debian Chromium through playwright-core (no browser download), plus small workbench helpers
// that the UI tests (test/e2e/ui/*.ui.mjs) use.
import { chromium } from 'playwright-core';
import { toolPaths } from './tools.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launch Chromium. playwright gives every launch a fresh temporary user-data dir, and every
 * browser.newContext() its own storage (IndexedDB, where the web workbench keeps its state).
 */
export async function launchBrowser({ executablePath = toolPaths().chromium, headless = true, args = [] } = {}) {
  return chromium.launch({
    executablePath,
    headless,
    // playwright would otherwise exit the process on these signals itself, before the caller's
    // own handler has stopped code-server and removed its temp dirs.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [...CHROMIUM_ARGS.filter((a) => headless || a !== '--headless'), ...args],
  });
}

/** A new isolated context + page with a desktop-sized viewport. */
export async function newPage(browser, { viewport = { width: 1400, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Open the workbench at `url` and wait until it is usable: the workbench DOM is there, the
 * status bar rendered and the editor area laid out. Returns the time taken in ms.
 */
export async function openWorkbench(page, url, { timeout = 60_000 } = {}) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
  await page.locator('.part.editor').waitFor({ state: 'visible', timeout });
  // The explorer lists the folder once the remote file system answers.
  await page
    .locator('.explorer-folders-view .monaco-list-row, .explorer-viewlet .monaco-list-row')
    .first()
    .waitFor({ state: 'visible', timeout })
    .catch(() => {});
  return Date.now() - t0;
}

/** The quick-input widget (command palette / quick open). */
export function quickInput(page) {
  const widget = page.locator('.quick-input-widget');
  return {
    widget,
    input: widget.locator('.quick-input-box input'),
    rows: widget.locator('.quick-input-list .monaco-list-row'),
    message: widget.locator('.quick-input-message'),
  };
}

/**
 * Open the command palette (F1) and type `text` after its '>' prefix. Retries F1 a few times:
 * right after load the keybinding service may not be ready, or the page may not have focus yet.
 */
export async function openCommandPalette(page, text = '', { timeout = 15_000 } = {}) {
  const q = quickInput(page);
  const t0 = Date.now();
  for (;;) {
    await page.locator('.part.editor').click({ position: { x: 200, y: 200 } }).catch(() => {});
    await page.keyboard.press('F1');
    try {
      await q.input.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (e) {
      if (Date.now() - t0 > timeout) throw e;
    }
  }
  if (text) {
    await q.input.fill(`>${text}`);
  }
  return q;
}

/** Labels of the rows currently rendered in the quick-input list (the list is virtualised). */
export async function quickInputLabels(page) {
  return (await quickInputEntries(page)).map((e) => e.label);
}

/** { label, id } of the rendered rows; in the command palette `id` is the command id. */
export async function quickInputEntries(page) {
  const q = quickInput(page);
  return q.rows.evaluateAll((rows) =>
    rows.map((r) => ({
      label: (r.querySelector('.label-name') || r.querySelector('.quick-input-list-label') || r).textContent.trim(),
      id: r.querySelector('[data-quick-input-id]')?.getAttribute('data-quick-input-id') ?? null,
    })),
  );
}

/**
 * Open the palette with `query` until a row containing `text` shows, and leave it open.
 * The palette computes its list when it opens, and an extension's commands appear only once the
 * extension host has read its manifest, so right after load it reopens the palette until they do.
 * Returns the quick-input locators.
 */
export async function waitForPaletteEntry(page, query, text = query, { timeout = 30_000 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const q = await openCommandPalette(page, query, { timeout });
    const row = q.rows.filter({ hasText: text }).first();
    if (await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) return q;
    if (Date.now() - t0 > timeout) {
      const labels = await quickInputLabels(page).catch(() => []);
      throw new Error(`no palette entry "${text}" for "${query}" after ${timeout} ms; shown: ${labels.join(' | ') || '(none)'}`);
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
}

/** Run a command by its palette title: F1, type, wait for the row, Enter. */
/** Opens a workspace file through quick open (Ctrl+P), retrying while the keybinding service starts. */
export async function openFile(page, name) {
  const q = quickInput(page);
  for (let i = 0; ; i++) {
    await page.locator('.part.editor').click({ position: { x: 200, y: 200 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    if (await q.input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) break;
    if (i >= 4) throw new Error('quick open did not appear');
  }
  await q.input.fill(name);
  await q.rows.filter({ hasText: name }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 60_000 });
}

export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  await waitForPaletteEntry(page, title, title, { timeout });
  await page.keyboard.press('Enter');
}

/** Texts of the visible notification toasts. */
export async function notificationTexts(page) {
  return page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
}

/** Texts of the status bar entries. */
export async function statusBarTexts(page) {
  return page.locator('.part.statusbar .statusbar-item').allTextContents();
}

/** The content frame of the active webview (e.g. a dashboard). */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/**
 * Picks a color theme in "Preferences: Color Theme" by clicking its row (Enter could take the marketplace
 * entry). Right after load the picker may list no theme yet: reopen it until it does.
 */
export async function setTheme(page, theme, kind) {
  const t0 = Date.now();
  const q = quickInput(page);
  for (;;) {
    // Not the harness's palette opener: it clicks into the editor area, which may be a webview that keeps
    // the key. The side bar's title takes focus without side effects.
    await page.locator('.part.sidebar .composite.title').first().click().catch(() => {});
    await page.keyboard.press('F1');
    if (!(await q.input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) {
      if (Date.now() - t0 > 20_000) throw new Error('the command palette did not open');
      continue;
    }
    await q.input.fill('>Preferences: Color Theme');
    await q.rows.filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first().click();
    await q.input.fill(theme);
    const row = q.rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) }).first();
    if (await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      await row.click();
      break;
    }
    await page.keyboard.press('Escape');
    if (Date.now() - t0 > 20_000) throw new Error(`the theme picker does not list "${theme}"`);
    await page.waitForTimeout(1000);
  }
  await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(500);
}
