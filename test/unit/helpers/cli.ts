// The CLI bundled from this tree as esbuild.js ships it (dist/ may be stale): the tokenizer in a sibling
// file (and the syntax checkers). For tests that run `llm-router` as real processes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './config';

export async function buildCli(dir: string): Promise<string> {
  const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' } as const;
  const tokenizer = 'gpt-tokenizer/encoding/cl100k_base';
  await build({ ...common, entryPoints: [require.resolve(tokenizer)], outfile: join(dir, 'tokenizer.js') });
  const cli = join(dir, 'cli.js');
  await build({
    ...common,
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: cli,
    // The tokenizer and the syntax checkers in sibling files, as esbuild.js ships them (the checkers unused by
    // the CLI's commands, so they stay out of the processes these tests start).
    plugins: [
      { name: 'tokenizer-as-sibling', setup: (b) => b.onResolve({ filter: /^gpt-tokenizer\/encoding\// }, () => ({ path: './tokenizer.js', external: true })) },
      { name: 'syntax-as-sibling', setup: (b) => b.onResolve({ filter: /^\.\/verify\/syntax$/ }, () => ({ path: './syntax.js', external: true })) },
    ],
  });
  return cli;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

const running = new Set<ReturnType<typeof spawn>>();
/** For `after`: ends the runs still going (no timer of our own; the unit runner's per-test limit stops a hung test). */
export const killRunning = () => running.forEach((p) => p.kill('SIGKILL'));

/** Runs the bundled CLI; `onStart` gets the process (to signal it). */
export function runCli(cli: string, args: string[], env: Record<string, string> = {}, onStart?: (p: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const p = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  running.add(p);
  onStart?.(p);
  // 'close', not 'exit': the exit can come before the last of stdout/stderr has been read.
  return new Promise((res) => p.on('close', (code, signal) => (running.delete(p), res({ code, signal, out, err }))));
}
