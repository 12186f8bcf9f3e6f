// Reads a model's answer to a batched request: a JSON object keyed by item id (or an array of {id, answer}),
// tolerating code fences, prose around it, and a cut-off end. Whatever parses is kept; the rest is missing.

const ANSWER_FIELDS = ['text', 'answer', 'doc', 'docs', 'comment', 'result', 'value', 'output', 'content'];

function answerOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() ? v : undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const f of ANSWER_FIELDS) {
      const x = (v as Record<string, unknown>)[f];
      if (typeof x === 'string' && x.trim()) return x;
    }
  }
  return undefined;
}

function collect(parsed: unknown, ids: ReadonlySet<string>, out: Map<string, string>): void {
  if (Array.isArray(parsed)) {
    for (const el of parsed) {
      const id = el && typeof el === 'object' ? (el as Record<string, unknown>).id : undefined;
      const a = answerOf(el);
      if ((typeof id === 'string' || typeof id === 'number') && ids.has(String(id)) && a !== undefined) out.set(String(id), a);
    }
    return;
  }
  if (!parsed || typeof parsed !== 'object') return;
  const obj = parsed as Record<string, unknown>;
  // {"items": {...}} or {"results": [...]}: one level of wrapping.
  const keys = Object.keys(obj);
  if (keys.length === 1 && !ids.has(keys[0]) && obj[keys[0]] && typeof obj[keys[0]] === 'object') return collect(obj[keys[0]], ids, out);
  for (const k of keys) {
    const a = answerOf(obj[k]);
    if (ids.has(k) && a !== undefined) out.set(k, a);
  }
}

/** The JSON text inside the first code fence, if any, else the whole answer. */
function unfenced(text: string): string {
  const m = /```[a-zA-Z0-9_-]*[^\S\n]*\n([\s\S]*?)(?:\n```|$)/.exec(text);
  return m ? m[1] : text;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Answers by item id, for the ids asked about. */
export function parseBatchAnswer(text: string, ids: Iterable<string>): Map<string, string> {
  const want = new Set(ids);
  const out = new Map<string, string>();
  for (const body of [unfenced(text), text]) {
    const start = body.search(/[[{]/);
    if (start < 0) continue;
    const close = body[start] === '{' ? '}' : ']';
    const end = body.lastIndexOf(close);
    const whole = end > start ? tryParse(body.slice(start, end + 1)) : undefined;
    if (whole !== undefined) {
      collect(whole, want, out);
      if (out.size) return out;
    }
  }
  salvage(text, want, out);
  return out;
}

/** Partial or broken JSON: every complete `"id": "string"` pair, and every complete `{…}` element. */
function salvage(text: string, want: ReadonlySet<string>, out: Map<string, string>): void {
  const pair = /"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    const key = tryParse(`"${m[1]}"`);
    const value = tryParse(m[2]);
    if (typeof key === 'string' && want.has(key) && typeof value === 'string' && value.trim() && !out.has(key)) out.set(key, value);
  }
  for (const m of text.matchAll(/\{[^{}]*\}/g)) {
    const el = tryParse(m[0]);
    if (el && typeof el === 'object' && 'id' in el) collect([el], want, out);
  }
}
