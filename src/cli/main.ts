// Entry point of dist/cli.js (the `llm-router` bin).
import { run } from './run';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
});

run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  signal: controller.signal,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = interrupted ? 130 : code;
  },
  (err) => {
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
