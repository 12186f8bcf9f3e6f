// An Analyzer on a worker thread: started on the first large request, stopped after a minute without one.
import { Worker } from 'node:worker_threads';
import type { Analysis, Analyzer } from './analysis';

export interface ThreadAnalyzer {
  analyze: Analyzer;
  dispose(): void;
}

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
    analyze(input) {
      clearTimeout(idle);
      worker ??= start();
      worker.ref();
      const id = ++next;
      const done = new Promise<Analysis>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, input });
      return done;
    },
    dispose() {
      clearTimeout(idle);
      void worker?.terminate();
      worker = undefined;
    },
  };
}
