// Bundles the extension, the CLI, the analysis thread and the dashboard's page script.
// Flags: --production (minify, no sourcemaps), --watch.
//
// The extension loads in stages (STAGES, in load order), CommonJS bundles that esbuild cannot split itself:
// - each stage is a bundle of its own modules only. A module belongs to the first stage that reaches it; a later
//   stage takes it from that stage at run time (`require('./engine.js').__stage[id]`), so no module, and no
//   class (`instanceof CancelledError`), exists twice;
// - the SDKs (dist/sdk/<name>.js), the tokenizer (dist/tokenizer.js) and markdown-it (dist/markdown.js) are bundles of the package alone,
//   loaded by the code that uses them on first use; the CLI loads them the same way.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const ROOT = __dirname;

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'info',
  metafile: true,
};

// Packages that each get a file of their own, required from the bundle's folder when first used.
const TOKENIZER = 'gpt-tokenizer/encoding/cl100k_base';
const SDKS = { openai: 'openai', '@anthropic-ai/sdk': 'anthropic', 'groq-sdk': 'groq', ollama: 'ollama' };
const sdkFilter = new RegExp(`^(${Object.keys(SDKS).map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
// zod's error messages in every language: the router formats its own messages, in English.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: ROOT, loader: 'js' }));
  },
};
const siblings = {
  name: 'vendor-siblings',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\// }, () => ({ path: './tokenizer.js', external: true }));
    // The Markdown parser of the result pages: needed when the first result is shown.
    build.onResolve({ filter: /^markdown-it$/ }, () => ({ path: './markdown.js', external: true }));
    build.onResolve({ filter: sdkFilter }, (args) => ({ path: `./sdk/${SDKS[args.path]}.js`, external: true }));
    // The verifier's parsers (TypeScript's, tree-sitter's): needed only when a local answer is checked.
    build.onResolve({ filter: /^\.\/verify\/syntax$/ }, () => ({ path: './syntax.js', external: true }));
    zodEnglishOnly.setup(build);
  },
};
const vendor = [
  { ...common, entryPoints: [require.resolve(TOKENIZER)], outfile: 'dist/tokenizer.js', sourcemap: false },
  { ...common, entryPoints: [require.resolve('markdown-it')], outfile: 'dist/markdown.js', sourcemap: false },
  // TypeScript's parser and tree-sitter, with the grammars' WASM files beside it in parsers/ (copyGrammars).
  // Its require.resolve of the grammars' package serves tests run from source only (the bundle finds parsers/ first).
  { ...common, entryPoints: ['src/core/verify/syntax.ts'], outfile: 'dist/syntax.js', sourcemap: false, logOverride: { 'require-resolve-not-external': 'silent' } },
  ...Object.entries(SDKS).map(([pkg, name]) => ({ ...common, entryPoints: [require.resolve(pkg)], outfile: `dist/sdk/${name}.js`, sourcemap: false })),
];

/** The extension's stages, in load order; `after`: the stages always loaded before it. */
const STAGES = [
  // Activation: command stubs and the activation time; it loads the engine right after.
  { name: 'extension', entry: 'src/extension.ts', after: [] },
  // The config, the router, the budget and every feature's registration.
  { name: 'engine', entry: 'src/vscode/engine.ts', after: ['extension'] },
  // On the first chat request, and when the dashboard is first shown.
  { name: 'chat', entry: 'src/vscode/chat/handler.ts', after: ['extension', 'engine'] },
  { name: 'dashboard', entry: 'src/vscode/dashboard/impl.ts', after: ['extension', 'engine'] },
];
const stageOptions = { ...common, external: ['vscode'] };
const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');

/** Which stage each module belongs to, from what each stage's entry reaches (a build without output). */
async function planStages() {
  const reached = await Promise.all(
    STAGES.map(async (s) => {
      const r = await esbuild.build({ ...stageOptions, entryPoints: [s.entry], write: false, minify: false, sourcemap: false, logLevel: 'silent', outfile: `dist/${s.name}.js`, plugins: [siblings] });
      // Files only: a plugin's virtual modules (namespace:path) are rebuilt by each stage that has them.
      return new Set(Object.keys(r.metafile.inputs).filter((f) => !/^[\w-]+:/.test(f)));
    }),
  );
  const owner = new Map();
  for (const file of new Set(reached.flatMap((r) => [...r]))) {
    const holders = STAGES.filter((_, i) => reached[i].has(file));
    // The latest stage that every stage holding the module comes after (or is).
    const home = [...STAGES].reverse().find((c) => holders.every((h) => h === c || h.after.includes(c.name)));
    owner.set(file, home.name);
  }
  // What each stage must hand on: its modules that a later stage reaches.
  const exported = new Map(STAGES.map((s) => [s.name, []]));
  for (const [file, home] of owner) {
    if (STAGES.some((s, i) => s.name !== home && s.after.includes(home) && reached[i].has(file))) exported.get(home).push(file);
  }
  return { owner, exported };
}

/** Builds one stage: its own modules, the earlier stages' from them, and `__stage` for the later ones. */
function stageBuild(stage, { owner, exported }) {
  const entryContents = [
    `export * from ${JSON.stringify(path.join(ROOT, stage.entry))};`,
    ...exported.get(stage.name).map((f, i) => `import * as m${i} from ${JSON.stringify(path.join(ROOT, f))};`),
    // __esModule: the taking stage reads named and default exports as they are.
    `const esm = (m) => Object.defineProperty(m, '__esModule', { value: true });`,
    `export const __stage = {${exported.get(stage.name).map((f, i) => `${JSON.stringify(f)}: esm(m${i})`).join(', ')}};`,
  ].join('\n');
  const earlier = {
    name: 'earlier-stages',
    setup(build) {
      build.onResolve({ filter: /^stage-entry$/ }, () => ({ path: stage.name, namespace: 'stage-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'stage-entry' }, () => ({ contents: entryContents, resolveDir: ROOT, loader: 'js' }));
      build.onResolve({ filter: /^\.\/[\w-]+\.js$/, namespace: 'stage-ref' }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.resolving || args.namespace !== 'file' || args.path === 'vscode' || args.path.startsWith('node:')) return undefined;
        const r = await build.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: { resolving: true } });
        if (r.errors.length || r.external || !r.path) return undefined;
        const home = owner.get(rel(r.path));
        if (!home || home === stage.name) return undefined;
        if (!stage.after.includes(home)) throw new Error(`${rel(args.importer)} imports ${rel(r.path)}, which loads with the later stage "${home}": load that stage first (src/vscode/stages.ts)`);
        return { path: rel(r.path), namespace: 'stage-ref', pluginData: { home } };
      });
      build.onLoad({ filter: /.*/, namespace: 'stage-ref' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${args.pluginData.home}.js`)}).__stage[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
  return { ...stageOptions, entryPoints: { [stage.name]: 'stage-entry' }, outdir: 'dist', plugins: [siblings, earlier] };
}

// The dashboard page: one browser script, zod included, loaded by the webview with its CSP nonce.
const webview = { ...common, platform: 'browser', target: 'es2022', format: 'iife', tsconfig: 'src/webview/tsconfig.json' };

const builds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [siblings] },
  // The thread that counts, scans and classifies large requests off the extension host's event loop.
  { ...common, entryPoints: ['src/analysisWorker.ts'], outfile: 'dist/analysis.js', plugins: [siblings] },
  ...vendor,
  { ...webview, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/dashboard.js' },
];

/** The tree-sitter runtime and grammars that dist/syntax.js loads, into `outdir`/parsers. */
function copyGrammars(outdir) {
  const grammars = require('./src/core/verify/grammars.json');
  const from = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  fs.mkdirSync(path.join(outdir, 'parsers'), { recursive: true });
  for (const f of [grammars.runtime, ...Object.values(grammars.languages)]) fs.copyFileSync(path.join(from, f), path.join(outdir, 'parsers', f));
}

/**
 * Every bundle, into dist/ (or `outdir`, with `overrides` such as { minify: true } applied to each): the
 * activation bench builds the production bundle into a temp folder this way.
 */
async function buildAll({ outdir = 'dist', overrides = {}, quiet = false } = {}) {
  const plan = await planStages();
  copyGrammars(outdir);
  const moved = (b) => ({
    ...b,
    ...overrides,
    ...(b.outfile ? { outfile: path.join(outdir, path.relative('dist', b.outfile)) } : { outdir }),
    ...(quiet ? { logLevel: 'silent' } : {}),
  });
  const all = [...STAGES.map((s) => stageBuild(s, plan)), ...builds].map(moved);
  const results = await Promise.all(all.map((b) => esbuild.build(b)));
  const sizes = {};
  for (const r of results) for (const [file, out] of Object.entries(r.metafile.outputs)) if (file.endsWith('.js')) sizes[path.relative(outdir, file).split(path.sep).join('/')] = out.bytes;
  if (!quiet) for (const [file, bytes] of Object.entries(sizes)) console.log(`${path.join(outdir, file)}: ${(bytes / 1024).toFixed(1)} KiB`);
  return sizes;
}

async function main() {
  await buildAll();
  if (!watch) return;
  // Stages depend on each other, so any change rebuilds them all.
  let timer;
  fs.watch(path.join(ROOT, 'src'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildAll().catch((err) => console.error(err.message)), 100);
  });
}

module.exports = { builds, webview, STAGES, SDKS, planStages, stageBuild, buildAll };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
