#!/usr/bin/env node
// `npm start`: LLM Router installed in a real VS Code (code-server) that you open in your browser.
//   build -> `vsce package --no-dependencies` (Node 24 from the tool folder) -> install into a
//   dedicated extensions dir -> code-server on 127.0.0.1 -> print the URL -> run until Ctrl-C,
//   then stop code-server's whole process group.
// It opens a copy of sample/ (a few files in three languages, no routing config of its own), so your own
// routing config applies: the shipped default (local models first) until you change it, with keys from
// the environment or VS Code's SecretStorage. No environment variable is needed.
// Everything lives under .e2e/start/ (git-ignored), so settings and state survive restarts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installExtension, startCodeServer } from '../test/e2e/harness/codeServer.mjs';
import { REPO_ROOT, ensureTools } from '../test/e2e/harness/tools.mjs';
import { packageExtension } from '../test/e2e/harness/vsix.mjs';

const log = (...a) => console.log('[start]', ...a);

const USAGE = `Usage: npm start [-- options]   (or node scripts/start.mjs [options])

  --port N           port (default: $LLM_ROUTER_PORT or $PORT, else the first free one from 8090;
                     not 8080, where llama.cpp and LocalAI listen)
  --folder DIR       folder to open (default: a copy of sample/ in .e2e/start/sample)
  --workspace-trust  keep Workspace Trust on (default: --disable-workspace-trust)
  --fresh            wipe .e2e/start (settings, state, installed extension, sample copy) first
  --home DIR         keep all of that in DIR instead of .e2e/start
  --build, --no-build   run \`npm run build\` first (default: yes, unless \`npm start\` just did)
  --env KEY=VALUE    extra environment for code-server and so the extension host (repeatable)
  -h, --help         this text`;

/** A wrong argument: told in one line, without a stack. */
const usageError = (message) => Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_USAGE' });

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      folder: { type: 'string' },
      'workspace-trust': { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      home: { type: 'string' },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      env: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port ?? (process.env.LLM_ROUTER_PORT || process.env.PORT)) || null;
  if (values.port !== undefined && !(Number(values.port) > 0)) throw usageError(`--port wants a number, got ${values.port}`);
  const env = {};
  for (const kv of values.env) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw usageError(`--env wants KEY=VALUE, got ${kv}`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return {
    port,
    folder: values.folder ? path.resolve(values.folder) : null,
    workspaceTrust: values['workspace-trust'],
    fresh: values.fresh,
    home: path.resolve(values.home ?? path.join(REPO_ROOT, '.e2e', 'start')),
    // `npm start` runs `npm run build` before this script (see package.json); build again only when asked.
    build: values['no-build'] ? false : values.build ?? process.env.npm_lifecycle_event !== 'start',
    env,
  };
}

async function main() {
  const opts = options(process.argv.slice(2));
  const home = opts.home;
  if (opts.fresh) rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });

  if (opts.build) {
    log('npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
  const tools = ensureTools({ log });

  const { vsix } = packageExtension({ extPath: REPO_ROOT, out: path.join(home, 'llm-router.vsix'), tools, log });
  const dirs = {
    extensionsDir: path.join(home, 'extensions'),
    userDataDir: path.join(home, 'user-data'),
    xdgRoot: path.join(home, 'xdg'),
  };
  installExtension({ vsix, tools, ...dirs, log });

  let folder = opts.folder;
  if (!folder) {
    // A copy, so what the extension writes (docs, tests) never lands in the repo; --fresh starts it over.
    folder = path.join(home, 'sample');
    if (!existsSync(folder)) cpSync(path.join(REPO_ROOT, 'sample'), folder, { recursive: true });
  }

  const server = await startCodeServer({
    tools,
    root: home,
    ...dirs,
    folder,
    // Not 8080: llama.cpp's server and LocalAI listen there, and the walkthrough looks for them there.
    preferredPort: opts.port || 8090,
    workspaceTrust: opts.workspaceTrust,
    smokeTestDriver: false,
    env: opts.env,
    logFile: path.join(home, 'code-server.log'),
  });
  if (opts.port && server.port !== opts.port) log(`port ${opts.port} is busy; using ${server.port}`);

  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping code-server (process group ${server.pid})`);
    await server.stop({ keep: true });
    process.exit(0);
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  server.exited.then((x) => {
    if (stopping) return;
    log(`code-server exited by itself (${JSON.stringify(x)}); see ${server.logFile}`);
    process.exit(1);
  });

  log(`workspace: ${folder}`);
  log(`log: ${path.relative(process.cwd(), server.logFile)}`);
  log(`workspace trust: ${opts.workspaceTrust ? 'on' : 'off (--disable-workspace-trust)'}`);
  console.log('');
  console.log(`  LLM Router in VS Code: ${server.url}`);
  console.log('');
  log('Ctrl-C to stop');
}

main().catch((e) => {
  console.error(`[start] ${String(e.code).startsWith('ERR_PARSE_ARGS') ? `${e.message} (see --help)` : e.stack || e}`);
  process.exit(1);
});
