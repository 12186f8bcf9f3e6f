// Identical concurrent requests share one upstream stream. A late joiner gets every event so far, then the
// live ones. A joiner that leaves (abort, or stops reading) leaves the others running; the upstream is aborted
// only when the last one has left. The last member to abort waits for the upstream's own end (its cancel
// events), so a lone caller sees exactly what it would without the flight.

interface Flight<T> {
  readonly events: T[];
  /** The upstream starts with the first member that reads, never before. */
  start?: () => void;
  ended: boolean;
  failure?: { error: unknown };
  members: number;
  readonly ac: AbortController;
  readonly wake: Set<() => void>;
}

export interface Joined<T> {
  /** The first member started the upstream; the others share it. */
  leader: boolean;
  events: AsyncGenerator<T, void, undefined>;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** Flights in progress. */
  get size(): number {
    return this.flights.size;
  }

  /**
   * Joins the flight for `key`, or starts one with `start(signal)`. The member's stream ends early (without a
   * throw) when its own `signal` aborts; the caller says what that means.
   */
  join(key: string, start: (signal: AbortSignal) => AsyncIterable<T>, signal?: AbortSignal): Joined<T> {
    let flight = this.flights.get(key);
    const leader = !flight;
    if (!flight) {
      const f: Flight<T> = { events: [], ended: false, members: 0, ac: new AbortController(), wake: new Set() };
      f.start = () => void this.pump(key, f, start(f.ac.signal));
      this.flights.set(key, f);
      flight = f;
    }
    return { leader, events: member(flight, signal, () => this.drop(key, flight)) };
  }

  private drop(key: string, f: Flight<T>): void {
    if (this.flights.get(key) === f) this.flights.delete(key);
  }

  private async pump(key: string, f: Flight<T>, upstream: AsyncIterable<T>): Promise<void> {
    const wake = () => {
      for (const w of f.wake) w();
      f.wake.clear();
    };
    try {
      for await (const ev of upstream) {
        f.events.push(ev);
        wake();
      }
    } catch (error) {
      f.failure = { error };
    } finally {
      f.ended = true;
      this.drop(key, f);
      wake();
    }
  }
}

async function* member<T>(f: Flight<T>, signal: AbortSignal | undefined, dropFlight: () => void): AsyncGenerator<T, void, undefined> {
  f.members++;
  const start = f.start;
  f.start = undefined;
  start?.();
  let i = 0;
  let draining = false;
  let onAbort: (() => void) | undefined;
  const abortAll = () => {
    dropFlight(); // no one joins a flight being aborted
    f.ac.abort();
  };
  try {
    for (;;) {
      if (signal?.aborted && !draining) {
        if (f.members > 1 || f.ended) return;
        draining = true;
        abortAll();
      }
      while (i < f.events.length && (draining || !signal?.aborted)) yield f.events[i++];
      if (i < f.events.length) continue;
      if (f.ended) {
        if (f.failure) throw f.failure.error;
        return;
      }
      // The signal may have aborted while this member was suspended at its last yield: look again before
      // waiting, or a cancel right after a chunk would wait for the upstream's next event.
      if (signal?.aborted && !draining) continue;
      await new Promise<void>((resolve) => {
        const wake = () => resolve();
        f.wake.add(wake);
        if (signal && !draining) {
          onAbort = wake;
          signal.addEventListener('abort', wake, { once: true });
        }
      });
      if (onAbort) signal!.removeEventListener('abort', onAbort);
      onAbort = undefined;
    }
  } finally {
    if (onAbort) signal!.removeEventListener('abort', onAbort);
    if (--f.members === 0 && !f.ended) abortAll();
  }
}
