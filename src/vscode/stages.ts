// The extension's later stages (esbuild.js STAGES): separate bundles beside dist/extension.js, loaded on first
// use. Code of an earlier stage reaches a later one only through here, never by a static import (the build
// fails on one), so activation loads only dist/extension.js.
import * as path from 'node:path';

export type Stage = 'engine' | 'chat' | 'dashboard';

/** The stage's exports; the first call loads it (synchronously: a require of one file). */
export function loadStage<T>(stage: Stage): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, `${stage}.js`)) as T;
}
