// Entry point of dist/cli.js (the `llm-router` bin).
import { run } from './run';

// Ctrl-C, SIGTERM (kill, a container stopping) and SIGHUP (the terminal closing) all end a request the same
// way: the upstream request is closed and what streamed is charged, as an estimate. A second signal exits.
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const controller = new AbortController();
let stoppedBy: keyof typeof SIGNALS | undefined;
for (const sig of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) {
  process.on(sig, () => {
    if (stoppedBy) process.exit(SIGNALS[stoppedBy]);
    stoppedBy = sig;
    controller.abort();
  });
}

run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  signal: controller.signal,
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = stoppedBy ? SIGNALS[stoppedBy] : code;
  },
  (err) => {
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
