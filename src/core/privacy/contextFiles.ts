// Which files a request's text came from, when the caller does not say (a `vscode.lm` request is only
// messages): the files it names, and the open documents whose text it carries. The privacy gate then
// matches privacy.local_only_paths against them like any other entry point's files.

export interface OpenDocument {
  path: string;
  text: string;
}

/** Lines shorter than this (`}`, `return x;`) occur in too many files to say where a text came from. */
const MIN_LINE = 8;
/** Documents larger than this are not compared line by line (a generated file, a log). */
const MAX_DOCUMENT = 1_000_000;

/** `filePath="…"` / `file="…"` attributes (how chat clients attach files), `file://` URIs and `#file:…` references. */
const NAMED = /\b(?:filePath|file|path)="([^"\r\n]{1,1024})"|\bfile:\/\/([^\s"'<>)\]]{1,1024})|#file:([^\s"'<>)\]]{1,1024})/g;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The paths named in the texts. */
export function namedFiles(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(NAMED)) out.add(m[1] ?? (m[2] !== undefined ? decode(m[2]).replace(/^\/([A-Za-z]:)/, '$1') : m[3]));
  }
  return [...out];
}

/** The documents whose text the texts carry: the whole of a small one, or any of its lines that says something. */
export function documentsIn(texts: readonly string[], documents: readonly OpenDocument[]): string[] {
  if (!documents.length) return [];
  const lines = new Set<string>();
  for (const t of texts) for (const l of t.split(/\r?\n/)) if (l.trim().length >= MIN_LINE) lines.add(l.trim());
  const all = texts.join('\n');
  const out: string[] = [];
  for (const d of documents) {
    const text = d.text.trim();
    if (!text || text.length > MAX_DOCUMENT) continue;
    if (all.includes(text) || text.split(/\r?\n/).some((l) => lines.has(l.trim()))) out.push(d.path);
  }
  return out;
}

/** Everything a request's files can be known from: what the caller named, what the text names, what it carries. */
export function contextFiles(texts: readonly string[], named: readonly string[], documents: readonly OpenDocument[]): string[] {
  return [...new Set([...named, ...namedFiles(texts), ...documentsIn(texts, documents)])];
}
