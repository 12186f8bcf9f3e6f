// Does work on a large input leave the event loop free? While each job runs on a 5 MB file, with the router
// built as the extension builds it (an analysis thread for large requests):
// - perf_hooks.monitorEventLoopDelay (1 ms resolution): the longest the loop waited. Goal ≤ 50 ms. On a busy
//   machine this includes time the OS did not run the thread at all, so the same figure is given for the loop
//   doing nothing while another thread computes (the floor), and for the job done on the event loop (the CLI).
// - the longest the main thread ran between two turns of the loop, in CPU time (Linux: the thread's
//   /proc/self/task/<pid>/schedstat, read at every turn): our own code holding the loop. Goal ≤ 20 ms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { threadAnalyzer } from '../src/core/analysisThread';
import { clipTokens } from '../src/core/chat/prompt';
import { parseConfig } from '../src/core/config/load';
import { editorActionRequest } from '../src/core/editorRequest';
import { Router, type BatchItem, type RouterRequest } from '../src/core/router';
import { packItems } from '../src/core/router/batch';
import { countTokens } from '../src/core/tokens';
import type { BenchRow } from './lib';

const MB = 1024 * 1024;
const GOAL = '≤ 50 ms';

/**
 * 5 MB of real code: the repo's own sources, repeated, as one flat string, as a document's getText() gives it
 * (a string built by 600 concatenations is a tree that V8 flattens, and collects, on first use: bench work).
 */
function fiveMb(serial: number): string {
  const files = ['router.ts', 'classify.ts', 'rules.ts', 'privacy.ts'].map((f) => readFileSync(join(__dirname, '..', 'src', 'core', f), 'utf8'));
  let text = `// ${serial}\n`;
  for (let i = 0; text.length < 5 * MB; i++) text += `// part ${i}\n${files[i % files.length]}`;
  return Buffer.from(text).toString();
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
/** Nanoseconds the main thread has run on a CPU (undefined where /proc is not there). */
function threadCpuNs(): number | undefined {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

interface Held {
  /** monitorEventLoopDelay's max, ms. */
  delayMs: number;
  /** The most CPU time the main thread used between two turns of the loop, ms. */
  cpuMs?: number;
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A file cut into items at each top-level line that starts a declaration, as Write Docs sends them. */
function functionsOf(text: string): BatchItem[] {
  return text.split(/\n(?=export |function |class |const )/).map((t, i) => ({ id: `f${i}`, text: t }));
}

/** While `job` runs: the longest event-loop delay (a fresh histogram: after reset() it misses the next delay) and the longest run between turns. */
async function held(job: () => unknown): Promise<Held> {
  // The garbage the bench made building its inputs is collected first; what the job allocates is on its clock.
  collectGarbage();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((r) => setTimeout(r, 20));
  let last = threadCpuNs();
  let cpu = 0;
  const turn = setInterval(() => {
    const now = threadCpuNs();
    if (now !== undefined && last !== undefined) cpu = Math.max(cpu, now - last);
    last = now;
  }, 1);
  await job();
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(turn);
  h.disable();
  return { delayMs: h.max / 1e6, cpuMs: last === undefined ? undefined : cpu / 1e6 };
}

export async function run(): Promise<BenchRow[]> {
  const config = parseConfig(
    `providers:\n  local:\n    ollama: { base_url: "http://127.0.0.1:9", default_model: "llama3.1:8b" }\nrules:\n  - use: [ollama]\n    reason: bench\n`,
    { file: 'bench.yaml', env: () => undefined },
  );
  const thread = threadAnalyzer(join(__dirname, '..', 'test', 'fixtures', 'analysisWorker.cjs'));
  const withThread = new Router({ config, analyzer: thread.analyze });
  const sync = new Router({ config });
  let serial = 0;
  /** As the editor builds it (src/vscode/actions/textActions.ts). */
  const explain = (): RouterRequest => editorActionRequest({ action: 'explain', code: fiveMb(++serial), language: 'typescript', fileName: 'big.ts', file: '/bench/big.ts', maxTokens: 64 });
  /** The decision: classification, privacy gate, token counts, rules (prepare() hands them to the thread). */
  const decide = async (router: Router, req: RouterRequest) => {
    await router.prepare(req);
    router.plan(req);
  };
  /** Stream until the decision event: by then the provider's SDK has been handed the request, and serializes it. */
  const handOver = async (router: Router, req: RouterRequest) => {
    for await (const ev of router.stream(req)) if (ev.type === 'decision') break;
  };
  try {
    await handOver(withThread, explain()); // warm-up: the thread, its tokenizer, the SDK, the JIT
    const rows = (label: string, m: Held, peer?: Held): BenchRow[] => [
      {
        bench: 'responsive',
        metric: `max event-loop delay: ${label}`,
        value: m.delayMs,
        unit: 'ms',
        ...(peer ? { ratio: m.delayMs / peer.delayMs, note: `on the event loop (the CLI): ${peer.delayMs.toFixed(0)} ms` } : {}),
        goal: GOAL,
      },
      ...(m.cpuMs === undefined
        ? []
        : [
            {
              bench: 'responsive',
              metric: `longest main-thread run between loop turns (CPU): ${label}`,
              value: m.cpuMs,
              unit: 'ms',
              ...(peer?.cpuMs ? { ratio: m.cpuMs / peer.cpuMs, note: `on the event loop (the CLI): ${peer.cpuMs.toFixed(0)} ms` } : {}),
              goal: '≤ 20 ms',
            },
          ]),
    ];
    // Inputs are built before each measurement: only the router's work is measured.
    const [a, b, e] = [explain(), explain(), explain()];
    const explainThread = await held(() => decide(withThread, a));
    const explainSync = await held(() => decide(sync, b));
    const sent = await held(() => handOver(withThread, e));
    const [c, d] = [fiveMb(++serial), fiveMb(++serial)];
    const functions = functionsOf(fiveMb(++serial));
    const floor = await held(async () => {
      const w = new Worker('const t = Date.now(); while (Date.now() - t < 2000);', { eval: true });
      await new Promise((r) => w.once('exit', r));
    });
    return [
      ...rows('Explain a 5 MB file, up to the decision: classify, count, secret scan, rules (analysis thread)', explainThread, explainSync),
      // Not our code: Ollama's SDK turns the 5 MB body into JSON and bytes in one go. A request past every context
      // window is not sent at all once the fit check refuses it.
      ...rows('Explain a 5 MB file, decided and handed to the SDK, which serializes the 5 MB body (analysis thread)', sent),
      ...rows('chat #file of 5 MB clipped to 6000 tokens', await held(() => clipTokens(c, 6000))),
      ...rows('token count of 5 MB, sampled (vscode.lm provideTokenCount)', await held(() => countTokens(d))),
      ...rows('batch packing of a 5 MB file, one item per function (Write Docs)', await held(() => packItems(functions, { inputTokens: 16_000, items: 25, outputTokens: 4096, perItem: 200 }))),
      { bench: 'responsive', metric: 'max event-loop delay: the loop idle while another thread computes for 2 s (this machine\'s floor)', value: floor.delayMs, unit: 'ms' },
    ];
  } finally {
    thread.dispose();
  }
}
