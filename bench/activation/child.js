// One activation in a fresh process, the same way each time (bench/activation.bench.ts runs it N times):
// `vscode` is a stub (a Proxy that accepts any call and returns itself), since there is no editor here; the
// bundle is the production dist/extension.js built by the bench. Prints one JSON line of timings in ms.
const Module = require('node:module');
const path = require('node:path');

const any = new Proxy(function vscode() {}, {
  get: (_, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : any),
  apply: () => any,
  construct: () => any,
});
// The module's namespaces and classes as own properties (a bundle copies them out of the module object).
const NAMES = 'window commands workspace languages chat lm env extensions authentication debug tasks tests scm comments l10n Uri EventEmitter Disposable ThemeColor ThemeIcon MarkdownString Range Position Selection Location RelativePattern CancellationError CancellationTokenSource StatusBarAlignment ViewColumn ProgressLocation DiagnosticSeverity Diagnostic ConfigurationTarget SymbolKind InlineCompletionItem InlineCompletionTriggerKind WorkspaceEdit LanguageModelTextPart LanguageModelToolResultPart LanguageModelToolCallPart LanguageModelChatMessageRole LanguageModelChatToolMode'.split(' ');
const stub = Object.fromEntries(NAMES.map((n) => [n, any]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };

const dist = process.argv[2];
const packageJSON = require(path.join(__dirname, '..', '..', 'package.json'));
const context = { subscriptions: [], extension: { packageJSON }, extensionPath: path.join(dist, '..'), secrets: any, globalStorageUri: any, logUri: any, extensionUri: any };

const t0 = performance.now();
const ext = require(path.join(dist, 'extension.js'));
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
const atActivation = Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => path.relative(dist, f));
// What loads right after activation (module code only: its start() needs a real editor).
require(path.join(dist, 'engine.js'));
const t3 = performance.now();
const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => path.relative(dist, f));
process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, total: t2 - t0, engine: t3 - t2, atActivation, loaded }) + '\n');
process.exit(0);
