// The flags of test/e2e/run.mjs and scripts/test-desktop.mjs, each with its environment fallback, and their
// --help. Pure: the scripts pass process.argv and process.env, the unit tests their own.
import path from 'node:path';
import { keyValues, oneOf, parseFlags, seconds } from './flags.mjs';
import { REPO_ROOT } from './tools.mjs';

export const RUN_HELP = `Usage: node test/e2e/run.mjs [options]

  --ext DIR            extension under test (default: repo root; env LLM_ROUTER_E2E_EXT)
  --build              run \`npm run build\` in the extension folder first
  --workspace-trust    keep Workspace Trust on: start code-server WITHOUT --disable-workspace-trust
                       (env LLM_ROUTER_E2E_WORKSPACE_TRUST=1); tests see LLM_ROUTER_E2E_WORKSPACE_TRUST=1
                       and the fresh workspace copy opens in Restricted Mode (untrusted)
  --untrusted-grep RE  after the normal pass, a second pass with Workspace Trust ON (a fresh
                       code-server, fresh workspace copy) running only the tests matching RE;
                       both passes add up into the one closing line (env LLM_ROUTER_E2E_UNTRUSTED_GREP)
  --only host|ui       run only the extension-host suite or only the UI tests
  --ui-extension M     how the UI tests get the extension: vsix (default: \`vsce package\`, then
                       \`code-server --install-extension\`, as a user has it) or dev (development
                       mode, as the extension-host suite; needs the smoke-test driver, which hides
                       notification toasts) (env LLM_ROUTER_E2E_UI_EXTENSION)
  --grep RE            only tests whose full title matches RE (mocha grep; UI: "file.ui.mjs > name")
                       (env LLM_ROUTER_E2E_GREP)
  --env KEY=VALUE      extra environment for code-server and so the extension host (repeatable)
  --setup FILE         global setup module (default: test/e2e/globalSetup.mjs if it exists); its
                       setup(ctx) may start fake servers and return { env, teardown }
  --workspace DIR      folder copied as the workspace (default: test/e2e/workspace)
  --artifacts DIR      screenshots and logs (default: test/e2e/artifacts; emptied first)
  --out-dir DIR        where the suite is bundled (default: out/e2e/suite; emptied first).
                       Two runs at once in one checkout need their own --out-dir and --artifacts.
  --timeout SEC        limit for the extension-host suite (default 900)
  --ui-timeout SEC     limit per UI test (default 180; a test may ask for more: fn.uiTimeoutSec)
  --total-timeout SEC  limit for the whole run, setup included (default 3600)
  --keep               keep the temp dirs (code-server user data, workspace copy)
  --verbose            stream code-server's own log to stdout
  --no-setup           do not run scripts/e2e-setup.sh; only check that the tools are there
  -h, --help           this text

Every variable of this process's environment reaches the extension host too (code-server passes
its environment on), so LLM_ROUTER_TEST_*=... node test/e2e/run.mjs works as well as --env.`;

export const RUN_FLAGS = {
  ext: { type: 'string' },
  build: { type: 'boolean' },
  'workspace-trust': { type: 'boolean' },
  'untrusted-grep': { type: 'string' },
  only: { type: 'string' },
  'ui-extension': { type: 'string' },
  grep: { type: 'string' },
  env: { type: 'string', multiple: true },
  setup: { type: 'string' },
  workspace: { type: 'string' },
  artifacts: { type: 'string' },
  'out-dir': { type: 'string' },
  timeout: { type: 'string' },
  'ui-timeout': { type: 'string' },
  'total-timeout': { type: 'string' },
  keep: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'no-setup': { type: 'boolean' },
};

/** run.mjs's options: a flag beats its environment variable, which beats the default. Throws a UsageError. */
export function runOptions(argv, env = process.env) {
  const f = parseFlags(argv, RUN_FLAGS);
  return {
    help: f.help === true,
    ext: path.resolve(f.ext ?? (env.LLM_ROUTER_E2E_EXT || REPO_ROOT)),
    build: f.build === true,
    workspaceTrust: f['workspace-trust'] ?? env.LLM_ROUTER_E2E_WORKSPACE_TRUST === '1',
    untrustedGrep: f['untrusted-grep'] ?? (env.LLM_ROUTER_E2E_UNTRUSTED_GREP || null),
    only: oneOf(f.only, ['host', 'ui'], 'only') ?? null,
    uiExtension: oneOf(f['ui-extension'] ?? (env.LLM_ROUTER_E2E_UI_EXTENSION || 'vsix'), ['vsix', 'dev'], 'ui-extension'),
    grep: f.grep ?? (env.LLM_ROUTER_E2E_GREP || null),
    env: keyValues(f.env, 'env'),
    setup: f.setup ?? null,
    workspace: f.workspace ?? path.join(REPO_ROOT, 'test', 'e2e', 'workspace'),
    artifacts: f.artifacts ? path.resolve(f.artifacts) : path.join(REPO_ROOT, 'test', 'e2e', 'artifacts'),
    outDir: f['out-dir'] ? path.resolve(f['out-dir']) : null,
    timeout: seconds(f.timeout, 'timeout', 900),
    uiTimeout: seconds(f['ui-timeout'], 'ui-timeout', 180),
    totalTimeout: seconds(f['total-timeout'], 'total-timeout', 3600),
    keep: f.keep === true,
    verbose: f.verbose === true,
    runSetup: f['no-setup'] !== true,
  };
}

export const DESKTOP_HELP = `Usage: node scripts/test-desktop.mjs [options]   (build first: npm run build)

The extension-host suite on desktop VS Code through @vscode/test-electron (it downloads VS Code: needs
internet, and a display; on headless Linux run it under \`xvfb-run -a\`). Here, use test/e2e/run.mjs.

  --vscode-version V   the VS Code to download (default: stable; env VSCODE_VERSION)
  --ext DIR            extension under test (default: repo root; env LLM_ROUTER_E2E_EXT)
  --workspace-trust    keep Workspace Trust on: the workspace opens in Restricted Mode
  --grep RE            only tests whose full title matches RE (mocha grep; env LLM_ROUTER_E2E_GREP)
  -h, --help           this text`;

export const DESKTOP_FLAGS = {
  'vscode-version': { type: 'string' },
  ext: { type: 'string' },
  'workspace-trust': { type: 'boolean' },
  grep: { type: 'string' },
};

/** test-desktop.mjs's options, as runOptions. */
export function desktopOptions(argv, env = process.env) {
  const f = parseFlags(argv, DESKTOP_FLAGS);
  return {
    help: f.help === true,
    version: f['vscode-version'] ?? (env.VSCODE_VERSION || 'stable'),
    ext: path.resolve(f.ext ?? (env.LLM_ROUTER_E2E_EXT || REPO_ROOT)),
    workspaceTrust: f['workspace-trust'] === true,
    grep: f.grep ?? (env.LLM_ROUTER_E2E_GREP || null),
  };
}
