// UI test: the command palette opens and lists the extension's commands.
// Every exported async function is a test; it receives
//   { page, baseUrl, workspace, artifacts, env, extension, open, screenshot }
// (see test/e2e/README.md). The runner screenshots the page after each test.
import assert from 'node:assert/strict';
import { openCommandPalette, quickInput, quickInputLabels, waitForPaletteEntry } from '../harness/browser.mjs';

/** Palette labels VS Code shows for the extension's contributed commands ("Category: Title"). */
function contributedTitles(extension) {
  const contributes = extension?.packageJSON?.contributes ?? {};
  // Commands that the palette shows only under a `when` clause (or never) are left out.
  const conditional = new Set((contributes.menus?.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
  return (contributes.commands ?? [])
    .filter((c) => !conditional.has(c.command))
    .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title))
    .filter((t) => typeof t === 'string' && !t.includes('%')); // skip unresolved nls keys
}

export async function paletteListsRouterCommands({ page, open, extension, screenshot }) {
  const loadMs = await open();
  console.log(`    workbench loaded in ${loadMs} ms`);

  const routerTitles = contributedTitles(extension).filter((t) => t.toLowerCase().includes('llm router'));
  if (routerTitles.length === 0) {
    // Nothing contributed yet: the palette must still open (and say that nothing matches).
    const q = await openCommandPalette(page, 'LLM Router');
    await q.message.or(q.rows.first()).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    assert.ok(await q.widget.isVisible(), 'command palette did not open');
    console.log('    the extension contributes no "LLM Router" command yet; checked that the palette opens');
  } else {
    // Reopen the palette until the first command shows: the extension's contributions arrive a
    // moment after the workbench loads.
    const q = await waitForPaletteEntry(page, 'LLM Router', routerTitles[0]);
    const labels = await quickInputLabels(page);
    console.log(`    palette shows: ${labels.join(' | ')}`);
    assert.ok(labels.length >= 1, 'no entry for "LLM Router"');
    // The list is virtualised: look up each title not on screen by itself.
    const missing = [];
    for (const t of routerTitles.filter((t) => !labels.some((l) => l.includes(t)))) {
      await page.keyboard.press('Escape');
      const found = await waitForPaletteEntry(page, t, t, { timeout: 5000 }).then(() => true, () => false);
      if (!found) missing.push(t);
    }
    assert.deepEqual(missing, [], `not in the palette: ${missing.join(', ')}`);
    assert.ok(await q.widget.isVisible());
  }
  await screenshot('palette-open');

  await page.keyboard.press('Escape');
  await quickInput(page).widget.waitFor({ state: 'hidden', timeout: 5000 });
}
