// The analysis thread (dist/analysis.js): counts, scans and classifies large requests so the extension host's
// event loop never waits on them. Texts arrive in parts, then the request. See core/analysisThread.ts.
import { parentPort } from 'node:worker_threads';
import { analyze, unpack, type PackedInput } from './core/analysis';

type Message = { id: number; text: number; part: string } | { id: number; input: PackedInput };

const texts = new Map<number, string[]>();

parentPort!.on('message', (m: Message) => {
  if ('part' in m) {
    const got = texts.get(m.id) ?? [];
    got[m.text] = (got[m.text] ?? '') + m.part;
    texts.set(m.id, got);
    return;
  }
  const input = { ...m.input, texts: m.input.texts.map((t, i) => texts.get(m.id)?.[i] ?? t) };
  texts.delete(m.id);
  try {
    parentPort!.postMessage({ id: m.id, result: analyze(unpack(input)) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
