// The lean activation bundle and the files that load on first use, checked on a production build made by
// esbuild.js into a temp folder: what activation loads, that no module exists in two stages, that each SDK file
// holds its package alone, that the CLI loads only the SDK it calls, and that `providers` times the server only.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProviderInfo } from '../../src/core/config/model';
import { checkProvider } from '../../src/core/providers/health';
import type { ProviderRegistry } from '../../src/core/providers/registry';
import type { Provider } from '../../src/core/providers/types';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';
import { packagesImported, readSources } from './helpers/sourceChecks';
import { INTERNAL_COMMANDS } from '../../src/vscode/internalCommands';

interface Stages {
  SDKS: Record<string, string>;
  buildAll(o: { outdir: string; overrides: object; quiet: boolean }): Promise<Record<string, number>>;
  planStages(): Promise<{ owner: Map<string, string> }>;
  STAGES: { name: string }[];
}
const esbuildJs = createRequire(join(ROOT, 'esbuild.js'))('./esbuild.js') as Stages;

const ACTIVATION_BUDGET = 250 * 1024;
let dist: string;
let sizes: Record<string, number>;
let srv: FakeProvider;

before(async () => {
  dist = mkdtempSync(join(tmpdir(), 'llm-router-dist-'));
  sizes = await esbuildJs.buildAll({ outdir: dist, overrides: { minify: true, sourcemap: false, metafile: true }, quiet: true });
  srv = await startFakeProvider('all');
});
after(() => {
  srv?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the activation bundle', { timeout: 300_000 }, () => {
  it(`dist/extension.js is at most ${ACTIVATION_BUDGET / 1024} KB, and every stage and SDK has its own file`, () => {
    assert.ok(sizes['extension.js'] <= ACTIVATION_BUDGET, `dist/extension.js is ${sizes['extension.js']} bytes`);
    for (const f of ['engine.js', 'chat.js', 'dashboard.js', 'tokenizer.js', 'markdown.js', 'syntax.js', 'analysis.js', 'sdk/openai.js', 'sdk/anthropic.js', 'sdk/groq.js', 'sdk/ollama.js']) {
      assert.ok(sizes[f] > 0, `${f} was not built`);
    }
  });

  it('activation loads dist/extension.js alone (a fresh process, `vscode` stubbed as in the activation bench)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'activation', 'child.js'), dist], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout) as { atActivation: string[]; loaded: string[] };
    assert.deepEqual(m.atActivation, ['extension.js']);
    assert.deepEqual(m.loaded.sort(), ['engine.js', 'extension.js'], 'the engine takes the modules it shares from the activation bundle');
  });

  it('every module belongs to one stage, and the activation stage holds only the shell', async () => {
    const { owner } = await esbuildJs.planStages();
    const shell = [...owner].filter(([, stage]) => stage === 'extension').map(([f]) => f).sort();
    assert.deepEqual(shell, ['src/extension.ts', 'src/vscode/internalCommands.ts', 'src/vscode/log.ts', 'src/vscode/shell.ts', 'src/vscode/stages.ts']);
    const of = (stage: string) => [...owner].filter(([, s]) => s === stage).map(([f]) => f);
    assert.ok(of('chat').includes('src/vscode/chat/handler.ts'), 'the chat handler loads with the first chat request');
    assert.ok(of('dashboard').includes('src/vscode/dashboard/hub.ts'), 'the dashboard loads when first shown');
    for (const heavy of ['node_modules/yaml/', 'node_modules/zod/', 'src/core/router.ts', 'src/core/classify.ts']) {
      assert.ok([...owner].some(([f, s]) => f.startsWith(heavy) && s === 'engine'), `${heavy} is in the engine`);
    }
    for (const firstUse of ['node_modules/markdown-it/', 'node_modules/typescript/', 'node_modules/@vscode/tree-sitter-wasm/']) {
      assert.ok(![...owner].some(([f]) => f.startsWith(firstUse)), `${firstUse} has a file of its own, loaded on first use`);
    }
  });
});

describe('SDKs load on first use, one file each', { timeout: 300_000 }, () => {
  /** The SDK files a CLI run loaded, reported by a preload script when the process exits. (Not spawnSync: the fake server runs in this process.) */
  async function cliLoads(args: string[]): Promise<{ status: number | null; sdks: string[]; stderr: string }> {
    const preload = join(dist, 'report-loaded.js');
    writeFileSync(preload, `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/sdk/')).map((f) => f.split('/sdk/')[1]).sort()) + '\\n'));`);
    const child = spawn(process.execPath, ['--require', preload, join(dist, 'cli.js'), ...args], { env: { ...process.env, LLM_ROUTER_STATE_DIR: join(dist, 'state') } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const m = /LOADED (\[.*\])/.exec(stderr);
    return { status, sdks: m ? JSON.parse(m[1]) : [], stderr };
  }
  const config = () => {
    const file = join(dist, 'routing.yaml');
    writeFileSync(
      file,
      [
        'providers:',
        '  local:',
        `    ol: { type: ollama, base_url: "${srv.url}", default_model: "llama3.1:8b" }`,
        '  premium:',
        `    an: { type: anthropic, base_url: "${srv.url}", api_key: "test-key", default_model: "claude-sonnet-4-20250514", local: false }`,
        `    oa: { type: openai, base_url: "${srv.url}/v1", api_key: "test-key", default_model: "gpt-4o", local: false }`,
        'rules:',
        '  - { use: ["ol"], reason: "local first" }',
      ].join('\n'),
    );
    return file;
  };

  it('every SDK the adapters import gets a file of its own (a new SDK is not bundled into the engine)', () => {
    const imported = packagesImported(readSources(ROOT).filter((f) => f.path.startsWith('src/core/providers/')));
    assert.deepEqual(Object.keys(esbuildJs.SDKS).sort(), imported.sort());
  });

  it('the CLI loads only the SDK of the provider it calls', async () => {
    const r = await cliLoads(['complete', '--config', config(), '--task', 'chat', '--complexity', 'simple', 'hello']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.sdks, ['ollama.js']);
  });

  it('`providers` loads each SDK it checks, before timing it', async () => {
    const r = await cliLoads(['providers', '--config', config()]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.sdks, ['anthropic.js', 'ollama.js', 'openai.js']);
  });

  it('a provider check times the listing only, not the SDK loading (an injected clock)', async () => {
    let clock = 0;
    const fake: Provider = {
      info: { name: 'x' } as ProviderInfo,
      load: async () => void (clock += 1000),
      listModels: async () => ((clock += 7), ['m']),
    } as unknown as Provider;
    const registry = { get: () => fake } as unknown as ProviderRegistry;
    const h = await checkProvider({ name: 'x', type: 'openai', tier: 'local', baseUrl: 'http://127.0.0.1:1', local: true } as ProviderInfo, registry, 10_000, new AbortController().signal, () => clock);
    assert.equal(h.status, 'ok');
    assert.equal(h.latencyMs, 7);
  });
});

describe('command stubs', () => {
  it('every command the engine registers exists from activation on: contributed in package.json, or in INTERNAL_COMMANDS', () => {
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.ts') && files.push(join(d, f))));
    walk(join(ROOT, 'src', 'vscode'));
    const constants = new Map<string, string>();
    const ids = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/export const ([A-Z_]+) = '([^']+)'/g)) constants.set(m[1], m[2]);
      for (const m of text.matchAll(/registerCommand\(('([^']+)'|([A-Z_]+))/g)) ids.add(m[2] ?? `$${m[3]}`);
    }
    const registered = [...ids].map((id) => (id.startsWith('$') ? constants.get(id.slice(1))! : id));
    assert.ok(registered.length > 20, `${registered.length} commands found`);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const stubbed = new Set([...pkg.contributes.commands.map((c) => c.command), ...INTERNAL_COMMANDS]);
    assert.deepEqual(registered.filter((id) => !stubbed.has(id)), []);
  });
});
