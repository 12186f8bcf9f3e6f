// UI tests: "LLM Router: Explain" and "Show Routing Decision" from the command palette, as a user runs them.
// The result opens beside the code as a formatted page (headings, tables, code, quotes rendered, not Markdown
// source), under the decision's one line with its details folded below; the status bar shows the spend.
// Screenshots in a dark and a light theme.
import assert from 'node:assert/strict';
import { openFile, quickInput, runCommand, setTheme, statusBarTexts, webviewFrame } from '../harness/browser.mjs';

const SPEND = /\$\d+\.\d{2,4} \/ \$\d+\.\d{2}/;
const ANSWER = [
  '## What `add` does',
  '',
  '`add(a, b)` returns the **sum** of two numbers, with no side effects.',
  '',
  '| call | result |',
  '| --- | ---: |',
  '| `add(2, 3)` | `5` |',
  '| `add(0.1, 0.2)` | `0.30000000000000004` |',
  '',
  '> Floating-point inputs follow IEEE 754, so the second result is not `0.3`.',
  '',
  '```ts',
  "const total = [1, 2, 3].reduce(add, 0); // 6",
  '```',
  '',
  '- pure: same inputs, same output',
  '- *O(1)* in time and memory',
].join('\n');

/** The next answer of the fake server's Ollama chat: Markdown, streamed in 12 chunks. */
async function scriptAnswer(env) {
  const r = await fetch(`${env.LLM_ROUTER_TEST_FAKE_URL}/__fake/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ steps: [{ text: ANSWER, chunks: 12 }], match: { path: '/api/chat' } }),
  });
  assert.equal(r.status, 200);
}

async function explainAdd(page, env) {
  await openFile(page, 'math.ts');
  // The cursor inside add(): the request is about its enclosing function.
  await page.locator('.monaco-editor .view-line', { hasText: 'return a + b' }).first().click();
  await scriptAnswer(env);
  await runCommand(page, 'LLM Router: Explain');
  const result = webviewFrame(page);
  await result.locator('#decision .line', { hasText: 'LLM Router' }).waitFor({ timeout: 60_000 });
  await result.locator('#usage', { hasText: 'out tokens' }).waitFor({ timeout: 60_000 });
  return result;
}

export async function explainFromPaletteStreamsTheResult({ page, open, screenshot, env }) {
  await open();
  const result = await explainAdd(page, env);
  await page.locator('.tabs-container .tab', { hasText: 'Explain' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  // The decision: one short line (model · why · cost), the details folded.
  const line = (await result.locator('#decision .line').innerText()).replace(/\s+/g, ' ');
  assert.match(line, /^LLM Router ollama:llama3\.1:8b · .+ · free, local/, line);
  assert.equal(await result.locator('#decision details').getAttribute('open'), null, 'details folded');
  // The answer is formatted: a heading, a table, a quote, a code block, a list; no Markdown markers left.
  const answer = result.locator('#answer');
  assert.equal(await answer.locator('h2').innerText(), 'What add does');
  assert.equal(await answer.locator('table tr').count(), 3);
  assert.equal(await answer.locator('blockquote').count(), 1);
  assert.match(await answer.locator('pre code').innerText(), /reduce\(add, 0\)/);
  assert.equal(await answer.locator('ul li').count(), 2);
  assert.doesNotMatch(await answer.innerText(), /\*\*|^\s*\||^>|```/m);
  await screenshot('explain-result');

  // Polled until it shows (the runner's per-test limit stops a hung wait).
  let bar = (await statusBarTexts(page)).map((t) => t.trim());
  while (!bar.some((t) => SPEND.test(t))) {
    await page.waitForTimeout(200);
    bar = (await statusBarTexts(page)).map((t) => t.trim());
  }
  console.log(`    status bar: ${bar.filter(Boolean).join(' | ')}`);
}

/** The result page and Show Routing Decision in Dark Modern, then Light Modern, with the details unfolded. */
export async function resultPagesInDarkAndLight({ page, open, screenshot, env }) {
  await page.setViewportSize({ width: 1500, height: 950 });
  await open();
  try {
    for (const [theme, kind, name] of [['Dark Modern', 'vs-dark', 'dark'], ['Light Modern', 'vs', 'light']]) {
      await setTheme(page, theme, kind);
      await runCommand(page, 'View: Close All Editors');
      const result = await explainAdd(page, env);
      const colours = await result.locator('body').evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, fg: getComputedStyle(b).color }));
      console.log(`    ${name}: page background ${colours.bg}, text ${colours.fg}`);
      await screenshot(`${name}-explain`);
      await result.locator('#decision summary').click();
      await result.locator('#decision ol.chain li').first().waitFor({ state: 'visible' });
      await screenshot(`${name}-explain-details`);

      await runCommand(page, 'View: Close All Editors');
      await openFile(page, 'math.ts');
      await page.locator('.monaco-editor .view-line', { hasText: 'return a + b' }).first().click();
      await runCommand(page, 'LLM Router: Show Routing Decision');
      await quickInput(page).rows.filter({ hasText: 'tests' }).first().click({ timeout: 60_000 });
      const decision = webviewFrame(page);
      await decision.locator('#decision .line', { hasText: 'anthropic:' }).waitFor({ timeout: 60_000 });
      await decision.locator('#decision summary').click();
      const chain = await decision.locator('#decision ol.chain li').allInnerTexts();
      assert.ok(chain.length >= 2, chain.join(' | '));
      assert.match(await decision.locator('#decision dl').innerText(), /Classification\s+testing/);
      await screenshot(`${name}-decision`);
    }
  } finally {
    await setTheme(page, 'Light 2026', 'vs').catch((e) => console.log(`    could not restore the theme: ${e.message.split('\n')[0]}`));
  }
}
