#!/usr/bin/env node
// `npm start`: LLM Router installed in a real VS Code (code-server) that you open in your browser.
//   build -> `vsce package --no-dependencies` (Node 24 from the tool folder) -> install into a
//   dedicated extensions dir -> code-server on 127.0.0.1 -> print the URL -> run until Ctrl-C,
//   then stop code-server's whole process group.
//
// Options:
//   --port N           port (default: $LLM_ROUTER_PORT or $PORT, else the first free one from 8080)
//   --folder DIR       folder to open (default: a copy of test/e2e/workspace in .e2e/start/workspace)
//   --workspace-trust  keep Workspace Trust on (default: --disable-workspace-trust)
//   --fresh            wipe .e2e/start (settings, state, installed extension, workspace copy) first
//   --build / --no-build   run `npm run build` first (default: yes, unless `npm start` just did)
//   --env KEY=VALUE    extra environment for code-server and so the extension host (repeatable)
// Everything lives under .e2e/start/ (git-ignored), so settings and state survive restarts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { installExtension, startCodeServer } from '../test/e2e/harness/codeServer.mjs';
import { REPO_ROOT, ensureTools } from '../test/e2e/harness/tools.mjs';
import { packageExtension } from '../test/e2e/harness/vsix.mjs';

const log = (...a) => console.log('[start]', ...a);

function parseArgs(argv) {
  const o = {
    port: Number(process.env.LLM_ROUTER_PORT || process.env.PORT) || null,
    folder: null,
    workspaceTrust: false,
    fresh: false,
    // `npm start` runs `npm run build` before this script (see package.json); build again only when asked.
    build: process.env.npm_lifecycle_event !== 'start',
    env: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--port': o.port = Number(val()); break;
      case '--folder': o.folder = path.resolve(val()); break;
      case '--workspace-trust': o.workspaceTrust = true; break;
      case '--fresh': o.fresh = true; break;
      case '--build': o.build = true; break;
      case '--no-build': o.build = false; break;
      case '--env': {
        const kv = val();
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new Error(`--env wants KEY=VALUE, got ${kv}`);
        o.env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '--help': case '-h':
        console.log('Usage: node scripts/start.mjs [--port N] [--folder DIR] [--workspace-trust] [--fresh] [--build|--no-build] [--env K=V]');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${a} (see --help)`);
    }
  }
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const home = path.join(REPO_ROOT, '.e2e', 'start');
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
    folder = path.join(home, 'workspace');
    if (!existsSync(folder)) cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace'), folder, { recursive: true });
  }

  const server = await startCodeServer({
    tools,
    root: home,
    ...dirs,
    folder,
    preferredPort: opts.port || 8080,
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
  console.error(`[start] ${e.stack || e}`);
  process.exit(1);
});
