// The rules of the house (design.md), checked on the source so a slip fails the unit tests too. Each check runs
// on the real tree and on a fixture that breaks the rule, which it must catch: a check that cannot fail is no check.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import known from '../../config/known_providers.json';
import prices from '../../config/prices.json';
import { ROOT } from './helpers/config';
import { filesImporting, packagesImported, readSources, sdkConstructions, sources, type SourceFile } from './helpers/sourceChecks';

const files = readSources(ROOT);

let eslint: import('eslint').ESLint | undefined;
/** ESLint's messages for `text` as if it were the file `path`: nothing is written into the tree other tests read. */
async function lintText(path: string, text: string): Promise<string[]> {
  const { ESLint } = await import('eslint');
  const [result] = await (eslint ??= new ESLint({ cwd: ROOT })).lintText(text, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const PROVIDERS = 'src/core/providers/';
/** The SDKs: whatever packages the adapters import. A new adapter's SDK is checked without editing this test. */
const SDKS = packagesImported(files.filter((f) => f.path.startsWith(PROVIDERS)));
/** SDK clients with no retries of their own, hence no `maxRetries` option (Ollama's). Every other needs maxRetries: 0. */
const WITHOUT_RETRIES = ['ollama'];
const RETRYING_SDKS = SDKS.filter((s) => !WITHOUT_RETRIES.includes(s));

const vscodeInCore = (fs: readonly SourceFile[]) => filesImporting(fs, 'src/core/', ['vscode']);
const sdkOutsideProviders = (fs: readonly SourceFile[]) => filesImporting(fs, 'src/', SDKS).filter((p) => !p.startsWith(PROVIDERS));
const clientsWithRetries = (fs: readonly SourceFile[]) =>
  fs.filter((f) => f.path.startsWith(PROVIDERS)).flatMap((f) => sdkConstructions(f, RETRYING_SDKS).filter((c) => !c.noRetries).map((c) => c.where));

/** Provider or model names written in src/ (provider names are allowed in the adapters and core/types.ts). */
function routingNamesInSource(fs: readonly SourceFile[]): string[] {
  const models = Object.values(prices.providers).flatMap((m) => Object.keys(m));
  const providerNames = Object.keys(known.providers);
  const found: string[] = [];
  for (const f of fs) {
    for (const m of models) if (f.text.includes(`'${m}'`) || f.text.includes(`"${m}"`) || f.text.includes(`\`${m}\``)) found.push(`${f.path}: ${m}`);
    if (f.path.startsWith(PROVIDERS) || f.path === 'src/core/types.ts') continue;
    for (const n of providerNames) if (new RegExp(`['"\`]${n}['"\`:]`).test(f.text)) found.push(`${f.path}: ${n}`);
  }
  return found;
}

describe('rules of the house', () => {
  it('1: src/core never imports vscode', () => {
    assert.deepEqual(vscodeInCore(files), []);
  });

  it('1: negative control: a type-only import, a require and an import() of vscode in src/core are caught', () => {
    const broken = sources({
      'src/core/a.ts': "import type * as vscode from 'vscode';\nexport type T = vscode.Uri;\n",
      'src/core/b.ts': "const v = require('vscode');\n",
      'src/core/c/d.ts': "export const load = () => import('vscode');\n",
      'src/vscode/e.ts': "import * as vscode from 'vscode';\n",
    });
    assert.deepEqual(vscodeInCore(broken), ['src/core/a.ts', 'src/core/b.ts', 'src/core/c/d.ts']);
  });

  it('1: and lint fails such an import', async () => {
    const messages = await lintText('src/core/__lint_probe__.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(messages.some((m) => /src\/core is pure: it never imports vscode/.test(m)), messages.join('\n'));
  });

  it('2: SDKs are imported only in src/core/providers', () => {
    assert.deepEqual(SDKS, ['@anthropic-ai/sdk', 'groq-sdk', 'ollama', 'openai'], 'the adapters import the four SDKs and nothing else');
    assert.deepEqual(sdkOutsideProviders(files), []);
  });

  it('2: and lint fails an import of any SDK the adapters use, outside them', async () => {
    for (const sdk of SDKS) {
      const messages = await lintText('src/vscode/__lint_probe__.ts', `import * as sdk from '${sdk}';\nexport const x = sdk;\n`);
      assert.ok(messages.some((m) => /SDKs live only in src\/core\/providers/.test(m)), `${sdk}: ${messages.join('; ')}`);
    }
  });

  it('2: negative control: an SDK type, subpath or dynamic import outside the adapters is caught', () => {
    const broken = sources({
      'src/vscode/a.ts': "import type { ChatCompletion } from 'openai/resources';\nexport type C = ChatCompletion;\n",
      'src/cli/b.ts': "export const load = () => import('groq-sdk');\n",
      'src/core/router/c.ts': "export { Ollama } from 'ollama';\n",
      'src/core/providers/d.ts': "import Anthropic from '@anthropic-ai/sdk';\n",
    });
    assert.deepEqual(sdkOutsideProviders(broken), ['src/vscode/a.ts', 'src/cli/b.ts', 'src/core/router/c.ts']);
  });

  it('2: every SDK client is built with maxRetries: 0', () => {
    assert.deepEqual(clientsWithRetries(files), []);
    const built = files.filter((f) => f.path.startsWith(PROVIDERS) && sdkConstructions(f, RETRYING_SDKS).length).map((f) => f.path);
    assert.deepEqual(built, filesImporting(files, PROVIDERS, RETRYING_SDKS), 'each adapter that imports a retrying SDK builds its client where the check sees it');
  });

  it('2: negative control: each adapter without maxRetries: 0 is caught', () => {
    const adapters = filesImporting(files, PROVIDERS, RETRYING_SDKS);
    assert.ok(adapters.length >= RETRYING_SDKS.length);
    for (const path of adapters) {
      const broken = files.map((f) => (f.path === path ? { path, text: f.text.replace(/\bmaxRetries: 0,?\s*/g, '') } : f));
      const caught = clientsWithRetries(broken);
      assert.equal(caught.length, 1, `${path} without maxRetries: 0`);
      assert.ok(caught[0].startsWith(path + ':'));
    }
  });

  it('2: negative control: whatever the SDK class is called locally, a client without maxRetries: 0 is caught', () => {
    const at = (name: string, text: string) => ({ path: `${PROVIDERS}${name}.ts`, text });
    const broken = [
      at('defaultImport', "import Client from 'openai';\nexport const c = new Client({ apiKey: 'x' });\n"),
      at('namespace', "import * as A from '@anthropic-ai/sdk';\nexport const c = new A.default({ maxRetries: 2 });\n"),
      at('named', "import { Groq as G } from 'groq-sdk';\nexport const c = new G({ maxRetries: 1 });\n"),
      at('dynamic', "export async function c() {\n  const { default: SDK } = await import('openai');\n  return new SDK({ apiKey: 'x' });\n}\n"),
      at('module', "export async function c() {\n  const mod = await import('groq-sdk');\n  const Alias = mod.default;\n  return new Alias();\n}\n"),
      at('inline', "export async function c(opts: object) {\n  return new (await import('@anthropic-ai/sdk')).default(opts);\n}\n"),
    ];
    assert.deepEqual(clientsWithRetries(broken), [
      `${PROVIDERS}defaultImport.ts:2`,
      `${PROVIDERS}namespace.ts:2`,
      `${PROVIDERS}named.ts:2`,
      `${PROVIDERS}dynamic.ts:3`,
      `${PROVIDERS}module.ts:4`,
      `${PROVIDERS}inline.ts:2`,
    ]);
    const fine = at('fine', "export async function c() {\n  const { default: X } = await import('openai');\n  const Y = X;\n  return new Y({ apiKey: 'x', maxRetries: 0 });\n}\n");
    assert.deepEqual(clientsWithRetries([fine]), []);
    assert.equal(sdkConstructions(fine, RETRYING_SDKS).length, 1, 'seen, and fine');
  });

  it('adapters stay thin: lint fails a function over 60 lines in src/vscode, and only there', async () => {
    const fn = (lines: number) => `export function f() {\n${'  console.log(1);\n'.repeat(lines - 2)}}\n`;
    assert.ok((await lintText('src/vscode/__lint_probe__.ts', fn(61))).some((m) => m.startsWith('max-lines-per-function')));
    assert.deepEqual(await lintText('src/vscode/__lint_probe__.ts', fn(60)), [], 'at 60 lines it passes');
    assert.deepEqual(await lintText('src/core/__lint_probe__.ts', fn(61)), [], 'the rule is for the editor adapters');
  });

  it('3: no provider or model name appears in src/', () => {
    assert.deepEqual(routingNamesInSource(files), []);
  });

  it('3: negative control: a model name anywhere, or a provider name outside the adapters, is caught', () => {
    const model = Object.keys(Object.values(prices.providers)[0])[0];
    const provider = Object.keys(known.providers)[0];
    const broken = sources({
      'src/core/rules.ts': `const preferred = "${model}";\n`,
      'src/vscode/chat/handler.ts': `if (target.startsWith('${provider}:')) {}\n`,
      'src/core/providers/x.ts': `const p = '${provider}';\n`,
    });
    assert.deepEqual(routingNamesInSource(broken), [`src/core/rules.ts: ${model}`, `src/vscode/chat/handler.ts: ${provider}`]);
  });
});
