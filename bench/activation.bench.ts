// Activation, measured the same way each time: the production bundle built by esbuild.js into a temp folder,
// then N fresh Node processes (bench/activation/child.js) that each load dist/extension.js and call
// activate() with a STUB `vscode` module (a Proxy that accepts any call; there is no editor here, so this is the
// extension's own cost: VS Code's part is in the UI test, test/e2e/ui/activation.ui.mjs). Also the engine's
// module load (right after activation, off activate()'s clock) and the size of every bundle.
// Goals: dist/extension.js ≤ 250 KB; activate() ≤ 20 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, sortedCopy, type BenchRow } from './lib';

const ROOT = join(__dirname, '..');
const RUNS = 30;

interface Sample {
  load: number;
  activate: number;
  total: number;
  engine: number;
}

export async function run(): Promise<BenchRow[]> {
  const { buildAll } = createRequire(join(ROOT, 'esbuild.js'))('./esbuild.js') as {
    buildAll(o: { outdir: string; overrides: object; quiet: boolean }): Promise<Record<string, number>>;
  };
  const dist = mkdtempSync(join(tmpdir(), 'llm-router-bench-dist-'));
  try {
    const sizes = await buildAll({ outdir: dist, overrides: { minify: true, sourcemap: false }, quiet: true });
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, [join(__dirname, 'activation', 'child.js'), dist], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`activation run failed: ${r.stderr}`);
      samples.push(JSON.parse(r.stdout) as Sample);
    }
    const q = (k: keyof Sample, p: number) => percentile(sortedCopy(samples.map((s) => s[k])), p);
    const kb = (f: string) => sizes[f] / 1024;
    const extensionFiles = Object.keys(sizes).filter((f) => !f.startsWith('cli') && !f.startsWith('webview/'));
    const shipped = extensionFiles.reduce((n, f) => n + sizes[f], 0);
    const note = `${RUNS} fresh processes, stub vscode module`;
    return [
      { bench: 'activation', metric: 'dist/extension.js, production (loaded at activation)', value: kb('extension.js'), unit: 'KB', ratio: sizes['extension.js'] / shipped, goal: '≤ 250 KB', note: `ratio: of the ${(shipped / 1024).toFixed(0)} KB the extension ships` },
      { bench: 'activation', metric: 'dist/engine.js, production (loaded right after activation)', value: kb('engine.js'), unit: 'KB', ratio: sizes['engine.js'] / shipped },
      ...['chat.js', 'dashboard.js', 'analysis.js', 'tokenizer.js', 'sdk/openai.js', 'sdk/anthropic.js', 'sdk/groq.js', 'sdk/ollama.js'].map(
        (f): BenchRow => ({ bench: 'activation', metric: `dist/${f}, production (loaded on first use)`, value: kb(f), unit: 'KB', ratio: sizes[f] / shipped }),
      ),
      { bench: 'activation', metric: 'load dist/extension.js + activate(), p50', value: q('total', 50), unit: 'ms', goal: '≤ 20 ms', note },
      { bench: 'activation', metric: 'load dist/extension.js + activate(), p99', value: q('total', 99), unit: 'ms', goal: '≤ 20 ms', note },
      { bench: 'activation', metric: 'activate() alone, p50', value: q('activate', 50), unit: 'ms', note },
      { bench: 'activation', metric: 'the engine module, loaded right after activation, p50', value: q('engine', 50), unit: 'ms', ratio: q('engine', 50) / q('total', 50), note: `${note}; ratio: to activation` },
    ];
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
