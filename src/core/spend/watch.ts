// Notices appends by other processes: fs.watch on the ledger folder for speed, plus a poll (cheap: the
// caller only fstats the day file) because fs.watch is missing or unreliable on some file systems.
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import type { Disposable } from './emitter';

export interface WatchOptions {
  /** Poll interval in ms (default 500: a change shows within 1 s even if fs.watch never fires). */
  pollMs?: number;
  /** Set false to rely on polling alone. */
  fsWatch?: boolean;
}

export function watchDir(dir: string, onChange: () => void, opts: WatchOptions = {}): Disposable {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let pending: NodeJS.Timeout | undefined;
  const kick = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      onChange();
    }, 15);
  };
  let watcher: FSWatcher | undefined;
  if (opts.fsWatch !== false) {
    try {
      watcher = watch(dir, { persistent: false }, kick);
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined;
    }
  }
  const timer = setInterval(onChange, opts.pollMs ?? 500);
  timer.unref();
  return {
    dispose: () => {
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      watcher?.close();
    },
  };
}
