// Start and stop code-server (VS Code OSS server + web workbench) in its own process group.
// Reused by test/e2e/run.mjs (tests) and scripts/start.mjs (`npm start`).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTools } from './tools.mjs';

export const HOST = '127.0.0.1';

/** Settings written into a fresh user-data dir: quiet, offline, no startup editor. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'none',
  // The chat view opens in the secondary side bar by default; keep it closed for stable screenshots.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** True if `port` on 127.0.0.1 can be bound now. */
export function portIsFree(port, host = HOST) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A free port: `preferred` (or the next free one up to preferred+50), else one the OS picks. */
export async function freePort(preferred) {
  if (preferred) {
    for (let p = Number(preferred); p < Number(preferred) + 50; p++) if (await portIsFree(p)) return p;
  }
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host: HOST }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Environment for code-server (and so for its extension host, which inherits it). */
export function codeServerEnv({ xdgRoot, env = {} } = {}) {
  const base = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Do not leak the variables of a VS Code / Electron this runner may itself be started from.
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    base[k] = v;
  }
  if (xdgRoot) {
    base.XDG_CONFIG_HOME = path.join(xdgRoot, 'config');
    base.XDG_DATA_HOME = path.join(xdgRoot, 'data');
    base.XDG_CACHE_HOME = path.join(xdgRoot, 'cache');
    for (const d of ['config', 'data', 'cache']) mkdirSync(path.join(xdgRoot, d), { recursive: true });
  }
  delete base.PORT; // code-server reads $PORT as an override of --bind-addr
  delete base.PASSWORD;
  delete base.HASHED_PASSWORD;
  return { ...base, ...env };
}

function isGroupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

// Process groups started by this module, killed synchronously if the runner itself exits.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
});

/**
 * Install a .vsix (or an extension id) into `extensionsDir` with the tool folder's code-server.
 * Synchronous; throws on failure.
 */
export function installExtension({ vsix, extensionsDir, userDataDir, xdgRoot, tools = ensureTools(), log = console.log }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const args = [tools.codeServer, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix, '--force'];
  const r = spawnSync(tools.node24, args, { encoding: 'utf8', env: codeServerEnv({ xdgRoot }), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${out}`);
  log(`[code-server] ${out.split('\n').filter((l) => l.trim()).slice(-1)[0] || 'extension installed'}`);
  return out;
}

/**
 * Start code-server on 127.0.0.1 in its own process group (spawn `detached` = setsid(2)) and wait for /healthz.
 *
 * Options (all optional):
 *   port               port to bind (default: a free one; `preferredPort` tries that one first)
 *   folder             folder to open (also the default `?folder=` of `url`)
 *   root               temp root for everything below (default: a fresh mkdtemp, removed by stop())
 *   userDataDir, extensionsDir, xdgRoot   default: under root
 *   settings           extra user settings merged over DEFAULT_SETTINGS (written only into a new user-data dir)
 *   workspaceTrust     false (default) passes --disable-workspace-trust; true keeps Workspace Trust on
 *   smokeTestDriver    true (default) passes --vscode-option enable-smoke-test-driver (needed for extension tests)
 *   env                extra environment for code-server and so for the extension host
 *   extraArgs          more code-server arguments
 *   logFile            file receiving code-server's stdout/stderr (default: root/code-server.log)
 *   onLog(line)        called for every output line too
 *   healthTimeoutMs    default 60000
 *   tools              result of ensureTools()
 * Returns { url, baseUrl, port, pid, root, userDataDir, extensionsDir, xdgRoot, logFile, env,
 *           remoteUri(absPath), workbenchUrl({ folder, payload }), stop({ keep }), exited }.
 */
export async function startCodeServer(opts = {}) {
  const tools = opts.tools || ensureTools();
  const ownRoot = !opts.root;
  const root = opts.root || mkdtempSync(path.join(os.tmpdir(), 'llm-router-cs-'));
  mkdirSync(root, { recursive: true });
  const userDataDir = opts.userDataDir || path.join(root, 'user-data');
  const extensionsDir = opts.extensionsDir || path.join(root, 'extensions');
  const xdgRoot = opts.xdgRoot || path.join(root, 'xdg');
  const logFile = opts.logFile || path.join(root, 'code-server.log');
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings || {}) }, null, 2));
  }

  const port = opts.port || (await freePort(opts.preferredPort));
  const args = [
    tools.codeServer,
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (!opts.workspaceTrust) args.push('--disable-workspace-trust');
  if (opts.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(...(opts.extraArgs || []));
  if (opts.folder) args.push(opts.folder);

  // VS Code puts its IPC sockets (vscode-ipc-*.sock) in $XDG_RUNTIME_DIR, else /tmp, and never
  // removes them when killed: give them a short private dir (socket paths max out at 107 bytes)
  // that stop() removes.
  const runtimeDir = mkdtempSync(path.join('/tmp', 'lr-rt-'));
  const env = codeServerEnv({ xdgRoot, env: { XDG_RUNTIME_DIR: runtimeDir, ...opts.env } });
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(tools.node24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env, cwd: root });
  const pgid = child.pid;
  liveGroups.add(pgid);

  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  let tail = [];
  for (const s of [child.stdout, child.stderr]) {
    let buf = '';
    s.on('data', (d) => {
      logStream.write(d);
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        tail.push(line);
        if (tail.length > 200) tail = tail.slice(-100);
        opts.onLog?.(line);
      }
    });
  }

  const baseUrl = `http://${HOST}:${port}`;
  const remoteUri = (absPath) => `vscode-remote://${HOST}:${port}${path.resolve(absPath)}`;
  const workbenchUrl = ({ folder = opts.folder, payload } = {}) => {
    const q = [];
    if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
    if (payload && payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return `${baseUrl}/${q.length ? `?${q.join('&')}` : ''}`;
  };

  let stopping = null; // every caller awaits the same shutdown
  async function stop({ keep = false, graceMs = 5000 } = {}) {
    stopping ??= (async () => {
      killGroup(pgid, 'SIGTERM');
      // Helper processes (extension host, pty host, file watcher) linger a few seconds after the main one.
      const t0 = Date.now();
      while (isGroupAlive(pgid) && Date.now() - t0 < graceMs) await sleep(100);
      if (isGroupAlive(pgid)) {
        killGroup(pgid, 'SIGKILL');
        const t1 = Date.now();
        while (isGroupAlive(pgid) && Date.now() - t1 < 3000) await sleep(100);
      }
      liveGroups.delete(pgid);
      await new Promise((r) => logStream.end(r));
      rmSync(runtimeDir, { recursive: true, force: true });
    })();
    await stopping;
    if (ownRoot && !keep) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  }

  // Wait for /healthz.
  const timeout = opts.healthTimeoutMs ?? 60_000;
  const t0 = Date.now();
  for (;;) {
    if (exitInfo) {
      await stop({ keep: true });
      throw new Error(`code-server exited (${JSON.stringify(exitInfo)}) before answering /healthz; log ${logFile}:\n${tail.slice(-30).join('\n')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeout) {
      await stop({ keep: true });
      throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeout} ms; log ${logFile}:\n${tail.slice(-30).join('\n')}`);
    }
    await sleep(200);
  }

  return {
    url: workbenchUrl(),
    baseUrl,
    port,
    pid: pgid,
    root,
    userDataDir,
    extensionsDir,
    xdgRoot,
    logFile,
    env,
    startupMs: Date.now() - t0,
    remoteUri,
    workbenchUrl,
    stop,
    exited,
    tail: () => tail.slice(),
  };
}
