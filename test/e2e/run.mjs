#!/usr/bin/env node
// End-to-end runner: the extension in a real VS Code (code-server = VS Code OSS server + web
// workbench), driven by headless Debian Chromium through playwright-core. Plain Node ESM (Node 20+).
//
//   0. scripts/e2e-setup.sh (idempotent: Debian chromium, Node 24, code-server, vsce);
//   1. bundle test/e2e/suite (index.ts + **/*.test.ts) into out/e2e/suite/ with esbuild;
//   2. extension-host phase: code-server (Node 24, own process group, 127.0.0.1, temp XDG /
//      user-data / extensions dirs, a temp copy of test/e2e/workspace, smoke-test driver on);
//      the workbench opens with the payload extensionDevelopmentPath + extensionTestsPath;
//      codeAutomationLog is streamed, codeAutomationExit gives the exit code;
//   3. UI phase: a fresh code-server without the smoke-test driver, the extension packaged with
//      vsce and installed; every exported function of test/e2e/ui/*.ui.mjs runs in its own
//      browser context; a screenshot per test in test/e2e/artifacts/;
//   4. stop each process group, remove the temp dirs, print `N passed, N failed`.
//
// Usage: node test/e2e/run.mjs [--help]   (build first: npm run build)
import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { bundleSuite } from './harness/bundle.mjs';
import { launchBrowser, newPage, openWorkbench } from './harness/browser.mjs';
import { installExtension, startCodeServer } from './harness/codeServer.mjs';
import { failureContext } from './harness/failureContext.mjs';
import { UsageError } from './harness/flags.mjs';
import { RUN_HELP, runOptions } from './harness/options.mjs';
import { packageExtension } from './harness/vsix.mjs';
import { REPO_ROOT, ensureTools } from './harness/tools.mjs';

const log = (...a) => console.log('[e2e]', ...a);
const fmtMs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const slug = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${fmtMs(ms)}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Workbench log lines that say nothing about the extension under test: offline gallery and
// telemetry lookups, Copilot/agent plumbing, connection chatter. Shown with --verbose.
const NOISE = [
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED .*:443|open-vsx\.org|marketplace|gallery/i,
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time|lifecycle)\]/,
  /^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions cache/,
  /authentication provider '(github|microsoft)'/,
  /\(Canceled: Canceled\)/, // reads cut short while the test window closes
];
const isWorkbenchNoise = (text) => NOISE.some((re) => re.test(text));

function readExtension(dir) {
  const pj = path.join(dir, 'package.json');
  if (!existsSync(pj)) throw new Error(`no package.json in ${dir}`);
  const packageJSON = JSON.parse(readFileSync(pj, 'utf8'));
  const main = packageJSON.main && path.resolve(dir, packageJSON.main);
  const mainFile = main && [main, `${main}.js`].find((f) => existsSync(f));
  if (main && !mainFile) {
    throw new Error(`${path.relative(process.cwd(), main) || main} is missing: run \`npm run build\` first (or pass --build)`);
  }
  return { path: dir, id: `${packageJSON.publisher}.${packageJSON.name}`, packageJSON };
}

function listUiFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.ui.mjs')).sort().map((f) => path.join(dir, f));
}

/** Every file under `dir` that contains one of `secrets` (binary files are searched as bytes). */
function filesContaining(dir, secrets) {
  const hits = [];
  const walk = (d) => {
    for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('latin1');
        for (const s of secrets) if (text.includes(s)) hits.push(`${path.relative(dir, p)} (${s.slice(0, 6)}…)`);
      }
    }
  };
  walk(dir);
  return hits;
}

async function main() {
  const opts = runOptions(process.argv.slice(2));
  if (opts.help) {
    console.log(RUN_HELP);
    return 0;
  }
  // Keep what this run prints, to check that no test key ever reaches the test output.
  const printed = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => (printed.push(String(chunk)), write(chunk, ...rest));
  const tStart = Date.now();
  const totals = { passed: 0, failed: 0, pending: 0 };
  const failures = [];
  const state = { server: null, browser: null, tmpRoots: [], setupHandle: null, vsix: null };

  let cleaning = null;
  const cleanup = () => (cleaning ??= doCleanup());
  const doCleanup = async () => {
    await state.browser?.close().catch(() => {});
    await state.server?.stop({ keep: true }).catch((e) => log(`stopping code-server: ${e.message}`));
    state.server = null;
    await (async () => state.setupHandle?.teardown?.())().catch((e) => log(`global teardown: ${e.message}`));
    for (const d of state.tmpRoots) {
      if (!opts.keep) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
      else log(`kept temp dirs in ${d}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => {
      state.aborted = true;
      log(`${sig}: stopping`);
      await cleanup();
      process.exit(130);
    });
  }
  // Watchdog for the whole run: whatever hangs, the run ends, cleaned up, with its closing line.
  setTimeout(async () => {
    state.aborted = true;
    log(`the whole run exceeded --total-timeout ${opts.totalTimeout}s; stopping`);
    await cleanup();
    console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }, opts.totalTimeout * 1000).unref();

  try {
    // --- preparation ---------------------------------------------------------------------------
    if (opts.build) {
      log(`npm run build in ${opts.ext}`);
      const r = spawnSync('npm', ['run', 'build'], { cwd: opts.ext, stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0) throw new Error('npm run build failed');
    }
    const extension = readExtension(opts.ext);
    const tools = ensureTools({ setup: opts.runSetup, log });
    log(`extension ${extension.id} at ${extension.path}`);

    rmSync(opts.artifacts, { recursive: true, force: true });
    mkdirSync(opts.artifacts, { recursive: true });

    let bundle = null;
    if (opts.only !== 'ui') {
      bundle = await bundleSuite(opts.outDir ? { outDir: opts.outDir } : {});
      log(`bundled ${bundle.tests.length} test file(s) into ${path.relative(REPO_ROOT, path.dirname(bundle.index))}/ in ${bundle.ms} ms`);
    }

    // Global setup (fake provider servers...): once for all passes; its env reaches the extension host.
    const globalEnv = {};
    const setupFile = opts.setup ? path.resolve(opts.setup) : path.join(REPO_ROOT, 'test', 'e2e', 'globalSetup.mjs');
    if (opts.setup || existsSync(setupFile)) {
      const mod = await import(pathToFileURL(setupFile).href);
      const fn = mod.setup || mod.default;
      if (typeof fn !== 'function') throw new Error(`${setupFile} exports no setup() function`);
      state.setupHandle = (await fn({ artifacts: opts.artifacts, extension, env: { ...opts.env } })) || {};
      Object.assign(globalEnv, state.setupHandle.env || {});
      log(`global setup ${path.relative(REPO_ROOT, setupFile)}: env ${Object.keys(state.setupHandle.env || {}).join(', ') || '(none)'}`);
    }

    state.browser = await launchBrowser({ executablePath: tools.chromium });

    const passes = [{ name: '', workspaceTrust: opts.workspaceTrust, grep: opts.grep }];
    if (opts.untrustedGrep) passes.push({ name: 'untrusted', workspaceTrust: true, grep: opts.untrustedGrep });
    for (const pass of passes) {
      await runPass({ opts, pass, tools, extension, bundle, globalEnv, state, totals, failures });
    }
  } catch (e) {
    totals.failed++;
    failures.push(`harness: ${e.message}`);
    log(`ERROR: ${e.stack || e}`);
  } finally {
    await cleanup();
  }

  // Key hygiene: the keys the global setup handed out must appear in no log, screenshot or output.
  const secrets = state.setupHandle?.secrets ?? [];
  if (secrets.length) {
    const leaks = [...filesContaining(opts.artifacts, secrets), ...secrets.filter((s) => printed.some((p) => p.includes(s))).map((s) => `test output (${s.slice(0, 6)}…)`)];
    if (leaks.length) {
      totals.failed++;
      failures.push(`test keys leaked into: ${leaks.join(', ')}`);
    } else {
      totals.passed++;
      log(`key hygiene: none of the ${secrets.length} test keys appears in the artifacts or the test output`);
    }
  }
  if (failures.length) {
    log('failures:');
    for (const f of failures) log(`  - ${f}`);
  }
  log(`screenshots and logs: ${path.relative(process.cwd(), opts.artifacts) || opts.artifacts}/`);
  log(`total ${fmtMs(Date.now() - tStart)}${totals.pending ? `, ${totals.pending} pending` : ''}`);
  if (failures.length && totals.failed === 0) totals.failed = failures.length;
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return totals.failed > 0 ? 1 : 0;
}

/**
 * One pass (Workspace Trust off, or on): the extension-host suite, then the UI tests. Each phase
 * gets its own code-server with fresh user data and a fresh copy of the workspace:
 *   - host: with the smoke-test driver (needed for extensionTestsPath and codeAutomationExit);
 *   - ui:   without it, because with the driver on the workbench shows no notification toasts.
 */
async function runPass({ opts, pass, tools, extension, bundle, globalEnv, state, totals, failures }) {
  const tag = pass.name ? `[${pass.name}] ` : '';
  const prefix = pass.name ? `${pass.name}-` : '';
  const grepRe = pass.grep ? new RegExp(pass.grep) : null;
  if (pass.name) log(`${tag}--- pass "${pass.name}": workspace trust ON, grep ${pass.grep} ---`);

  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'llm-router-e2e-'));
  state.tmpRoots.push(tmpRoot);
  const browserLog = createWriteStream(path.join(opts.artifacts, `${prefix}browser-console.log`));
  const attachConsole = (page, label) => {
    page.on('console', (m) => browserLog.write(`[${label}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[${label}] pageerror: ${e.stack || e}\n`));
  };

  /** A fresh code-server for one phase; returns { server, workspace, env, resultFile, devPayload }. */
  async function startPhase(phase, { smokeTestDriver, vsix = null }) {
    if (state.aborted) throw new Error('aborted');
    const root = path.join(tmpRoot, phase);
    const workspace = path.join(root, 'workspace');
    cpSync(opts.workspace, workspace, { recursive: true });
    if (vsix) {
      installExtension({
        vsix,
        tools,
        extensionsDir: path.join(root, 'extensions'),
        userDataDir: path.join(root, 'user-data'),
        xdgRoot: path.join(root, 'xdg'),
        log: (l) => log(`${tag}${l}`),
      });
    }
    const resultFile = path.join(root, 'exthost-result.json');
    // Environment for code-server, and so for the extension host.
    const env = {
      LLM_ROUTER_E2E: '1',
      LLM_ROUTER_E2E_PHASE: phase,
      LLM_ROUTER_E2E_WORKSPACE: workspace,
      LLM_ROUTER_E2E_ARTIFACTS: opts.artifacts,
      LLM_ROUTER_E2E_RESULT_FILE: resultFile,
      LLM_ROUTER_E2E_WORKSPACE_TRUST: pass.workspaceTrust ? '1' : '0',
      ...(pass.grep ? { LLM_ROUTER_E2E_GREP: pass.grep } : {}),
      ...globalEnv,
      ...opts.env,
    };
    const t0 = Date.now();
    const server = await startCodeServer({
      tools,
      root,
      folder: workspace,
      workspaceTrust: pass.workspaceTrust,
      smokeTestDriver,
      env,
      logFile: path.join(opts.artifacts, `${prefix}${phase}-code-server.log`),
      onLog: opts.verbose ? (l) => console.log(`${tag}[code-server] ${l}`) : undefined,
    });
    state.server = server;
    log(`${tag}code-server (${phase}) up at ${server.baseUrl} (pid/pgid ${server.pid}) in ${fmtMs(Date.now() - t0)}; workspace trust ${pass.workspaceTrust ? 'ON' : 'off (--disable-workspace-trust)'}`);
    return { server, workspace, env, resultFile, devPayload: [['extensionDevelopmentPath', server.remoteUri(extension.path)]] };
  }
  async function stopPhase(server, phase) {
    const t0 = Date.now();
    await server.stop({ keep: true });
    state.server = null;
    // VS Code's own logs (extension host, each extension's output channel) for post-mortems.
    const logs = path.join(server.userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, path.join(opts.artifacts, `${prefix}${phase}-vscode-logs`), { recursive: true });
    if (opts.verbose) log(`${tag}code-server stopped in ${fmtMs(Date.now() - t0)}`);
  }

  try {
    // --- extension-host suite -------------------------------------------------------------------
    if (opts.only !== 'ui') {
      const { server, resultFile, devPayload } = await startPhase('host', { smokeTestDriver: true });
      try {
        await runHostSuite({ opts, tag, prefix, server, resultFile, devPayload, bundle, state, totals, failures, attachConsole });
      } finally {
        await stopPhase(server, 'host');
      }
    }

    // --- UI tests -------------------------------------------------------------------------------
    const files = opts.only === 'host' ? [] : listUiFiles(path.join(REPO_ROOT, 'test', 'e2e', 'ui'));
    if (opts.only !== 'host') log(`${tag}UI tests: ${files.map((f) => path.basename(f)).join(', ') || '(none)'}`);
    const modules = [];
    for (const file of files) {
      try {
        const mod = await import(pathToFileURL(file).href);
        const tests = Object.entries(mod)
          .filter(([, fn]) => typeof fn === 'function')
          .map(([name, fn]) => ({ name, fn, title: `${path.basename(file)} > ${name === 'default' ? path.basename(file, '.ui.mjs') : name}` }))
          .filter((t) => !grepRe || grepRe.test(t.title));
        if (tests.length) modules.push({ file, tests });
      } catch (e) {
        totals.failed++;
        failures.push(`${tag}${path.basename(file)}: failed to load: ${e.message}`);
        console.log(`  ${tag}✗ ${path.basename(file)} (failed to load): ${e.message}`);
      }
    }
    if (modules.length) {
      // vsix: the packaged extension installed as a user has it, no smoke-test driver (toasts show).
      // dev: development mode like the extension-host suite (the payload needs the driver).
      const vsixMode = opts.uiExtension === 'vsix';
      if (vsixMode && !state.vsix) {
        state.vsix = packageExtension({
          extPath: extension.path,
          out: path.join(tmpRoot, `${extension.packageJSON.name}.vsix`),
          tools,
          log: (l) => log(`${tag}${l}`),
        }).vsix;
      }
      const { server, workspace, env, devPayload } = await startPhase('ui', { smokeTestDriver: !vsixMode, vsix: vsixMode ? state.vsix : null });
      try {
        const url = vsixMode ? server.workbenchUrl() : server.workbenchUrl({ payload: devPayload });
        for (const { file, tests } of modules) {
          for (const { name, fn, title } of tests) {
            const t0 = Date.now();
            const { context, page } = await newPage(state.browser);
            attachConsole(page, title);
            const shotBase = slug(`${prefix}ui-${path.basename(file, '.ui.mjs')}-${name}`);
            const ctx = {
              page,
              context,
              browser: state.browser,
              baseUrl: server.baseUrl,
              url,
              workspace,
              artifacts: opts.artifacts,
              env,
              workspaceTrust: pass.workspaceTrust,
              uiExtension: opts.uiExtension,
              extension,
              server,
              open: (u = url) => openWorkbench(page, u),
              skip: (reason = '') => {
                throw Object.assign(new Error(`skipped: ${reason}`), { skipped: true });
              },
              screenshot: (label) => page.screenshot({ path: path.join(opts.artifacts, `${shotBase}-${slug(label)}.png`) }),
            };
            let err = null;
            try {
              // A long test (several steps) may ask for more with `fn.uiTimeoutSec`; never less than --ui-timeout.
              await withTimeout(Promise.resolve().then(() => fn(ctx)), Math.max(opts.uiTimeout, fn.uiTimeoutSec ?? 0) * 1000, title);
            } catch (e) {
              err = e;
            }
            if (!err?.skipped) await page.screenshot({ path: path.join(opts.artifacts, `${shotBase}.png`) }).catch(() => {});
            const postMortem = err && !err.skipped ? await failureContext(page, server.userDataDir) : [];
            await context.close().catch(() => {});
            if (err?.skipped) {
              totals.pending++;
              console.log(`  ${tag}- ${title} (${err.message})`);
            } else if (err) {
              totals.failed++;
              failures.push(`${tag}${title}: ${String(err.message || err).split('\n')[0]}`);
              console.log(`  ${tag}✗ ${title} (${Date.now() - t0} ms)\n${String(err.stack || err).replace(/^/gm, '      ')}`);
              for (const line of postMortem) console.log(`      ${tag}${line}`);
            } else {
              totals.passed++;
              console.log(`  ${tag}✓ ${title} (${Date.now() - t0} ms)`);
            }
          }
        }
      } finally {
        await stopPhase(server, 'ui');
      }
    }
  } finally {
    await new Promise((r) => browserLog.end(r));
  }
}

/** The extension-host suite in one workbench window; adds its counts to `totals`. */
async function runHostSuite({ opts, tag, prefix, server, resultFile, devPayload, bundle, state, totals, failures, attachConsole }) {
  log(`${tag}extension-host suite: ${bundle.tests.join(', ')}`);
  const tSuite = Date.now();
  const { context, page } = await newPage(state.browser);
  attachConsole(page, 'exthost-suite');
  const hostLog = createWriteStream(path.join(opts.artifacts, `${prefix}exthost.log`));
  let consoleResult = null;
  let resolveExit;
  const exitCode = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationExit', (code) => {
    resolveExit(Number(code));
  });
  // codeAutomationLog(level, args) carries the window's log: the extension host's console
  // (mocha's reporter, console.log in tests and in the extension) AND the workbench's own
  // messages. All of it goes to artifacts/exthost.log; stdout gets it minus known noise.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    hostLog.write(`${type === 'info' ? '' : `[${type}] `}${text}\n`);
    const m = text.match(/E2E_RESULT (\{.*\})/);
    if (m) consoleResult = JSON.parse(m[1]);
    if (!opts.verbose && isWorkbenchNoise(text)) return;
    for (const line of text.split('\n')) console.log(`  ${tag}${type === 'error' ? '! ' : ''}${line}`);
  });
  const url = server.workbenchUrl({
    payload: [...devPayload, ['extensionTestsPath', server.remoteUri(bundle.index)]],
  });
  let code = null;
  let suiteError = null;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    code = await withTimeout(
      Promise.race([
        exitCode,
        server.exited.then((x) => {
          throw new Error(`code-server exited during the suite: ${JSON.stringify(x)}`);
        }),
      ]),
      opts.timeout * 1000,
      'extension-host suite',
    );
  } catch (e) {
    suiteError = e;
  }
  await page.screenshot({ path: path.join(opts.artifacts, `${prefix}exthost-suite.png`) }).catch(() => {});
  await context.close().catch(() => {});
  await new Promise((r) => hostLog.end(r));

  let result = consoleResult;
  if (existsSync(resultFile)) {
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch {
      /* keep the figure from the console line */
    }
  }
  if (result) {
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.pending += result.pending || 0;
    for (const f of result.failures || []) failures.push(`${tag}${f.title}: ${String(f.error).split('\n')[0]}`);
  }
  if (suiteError) {
    totals.failed++;
    failures.push(`${tag}extension-host suite: ${suiteError.message}`);
    log(`${tag}extension-host suite FAILED: ${suiteError.message}`);
    if (result && !result.done) log(`${tag}counted the ${result.passed + result.failed} test(s) that finished before that`);
    if (!result) {
      log('no result came back. If no test ran at all, the payload was ignored (it needs vscode-remote:// URIs and enable-smoke-test-driver) or the suite failed to load; see the logs in the artifacts folder');
    }
  } else if (!result) {
    totals.failed++;
    failures.push(`${tag}extension-host suite exited with code ${code} without reporting results`);
  } else if (code !== 0 && result.failed === 0) {
    totals.failed++;
    failures.push(`${tag}extension-host suite exited with code ${code}`);
  }
  log(`${tag}extension-host suite: exit code ${code ?? '-'}, ${result ? `${result.passed} passed, ${result.failed} failed, ${result.pending || 0} pending` : 'no result'} in ${fmtMs(Date.now() - tSuite)}`);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof UsageError ? `[e2e] ${e.message}` : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
