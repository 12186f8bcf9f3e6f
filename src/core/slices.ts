// Long synchronous loops on the extension host give the event loop a turn every SLICE_MS: `await due()` inside
// the loop is free until the slice is used up, then waits for one setImmediate.
export const SLICE_MS = 10;

export function slicer(sliceMs = SLICE_MS, now = () => performance.now()): () => Promise<void> | undefined {
  let start = now();
  return () => {
    if (now() - start < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        start = now();
        resolve();
      }),
    );
  };
}
