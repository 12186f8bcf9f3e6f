// An Analyzer on a worker thread: started on the first large request, stopped after a minute without one.
import { Worker } from 'node:worker_threads';
import { pack, type Analysis, type Analyzer } from './analysis';

export interface ThreadAnalyzer {
  analyze: Analyzer;
  dispose(): void;
}

/** Characters per message to the thread. */
const PART = 256 * 1024;

interface Pending {
  resolve(a: Analysis): void;
  reject(err: Error): void;
}

/** `script`: dist/analysis.js (test/fixtures/analysisWorker.cjs runs the source, for tests). */
export function threadAnalyzer(script: string, opts: { idleMs?: number; execArgv?: string[] } = {}): ThreadAnalyzer {
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let next = 0;
  const pending = new Map<number, Pending>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(script, { execArgv: opts.execArgv });
    w.on('message', ({ id, result, error }: { id: number; result?: Analysis; error?: string }) => {
      const p = pending.get(id);
      pending.delete(id);
      if (error !== undefined) p?.reject(new Error(`analysis failed: ${error}`));
      else p?.resolve(result!);
      if (!pending.size) {
        w.unref();
        idle = setTimeout(() => {
          if (worker === w) worker = undefined;
          void w.terminate();
        }, opts.idleMs ?? 60_000).unref();
      }
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('the analysis thread stopped'));
    });
    return w;
  };

  return {
    async analyze(input) {
      clearTimeout(idle);
      const w = (worker ??= start());
      w.ref();
      const id = ++next;
      const done = new Promise<Analysis>((resolve, reject) => pending.set(id, { resolve, reject }));
      // Copying megabytes into the message is itself work: texts go in parts, the event loop turning between them.
      const packed = pack(input);
      for (const [i, text] of packed.texts.entries()) {
        if (text.length <= PART) continue;
        for (let at = 0; at < text.length; at += PART) {
          w.postMessage({ id, text: i, part: text.slice(at, at + PART) });
          await new Promise(setImmediate);
        }
        packed.texts[i] = '';
      }
      w.postMessage({ id, input: packed });
      return done;
    },
    dispose() {
      clearTimeout(idle);
      void worker?.terminate();
      worker = undefined;
    },
  };
}
