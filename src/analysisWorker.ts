// The analysis thread (dist/analysis.js): counts, scans and classifies large requests so the extension host's
// event loop never waits on them. See core/analysis.ts and core/analysisThread.ts.
import { parentPort } from 'node:worker_threads';
import { analyze, type AnalysisInput } from './core/analysis';

parentPort!.on('message', ({ id, input }: { id: number; input: AnalysisInput }) => {
  try {
    parentPort!.postMessage({ id, result: analyze(input) });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
