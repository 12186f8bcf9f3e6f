// Bundles the extension, the CLI and the dashboard's page script. Flags: --production (minify, no sourcemaps), --watch.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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

// The BPE tables are large: both bundles load them from dist/tokenizer.js on first use.
const TOKENIZER = 'gpt-tokenizer/encoding/cl100k_base';
const tokenizerAsSibling = {
  name: 'tokenizer-as-sibling',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\// }, () => ({ path: './tokenizer.js', external: true }));
  },
};

// The dashboard page: one browser script, zod included, loaded by the webview with its CSP nonce.
const webview = { ...common, platform: 'browser', target: 'es2022', format: 'iife', tsconfig: 'src/webview/tsconfig.json' };

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [tokenizerAsSibling] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [tokenizerAsSibling] },
  // The thread that counts, scans and classifies large requests off the extension host's event loop.
  { ...common, entryPoints: ['src/analysisWorker.ts'], outfile: 'dist/analysis.js', plugins: [tokenizerAsSibling] },
  { ...common, entryPoints: [require.resolve(TOKENIZER)], outfile: 'dist/tokenizer.js', sourcemap: false },
  { ...webview, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/dashboard.js' },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const [i, r] of results.entries()) {
    const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('.js'));
    if (out) console.log(`${builds[i].outfile}: ${(out[1].bytes / 1024).toFixed(1)} KiB`);
  }
}

module.exports = { builds, webview };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
