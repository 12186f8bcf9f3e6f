// Bounds on the work a routing config can cause: its size, how deep it nests, and what its aliases expand
// to. Checked before anything recursive runs (the YAML composer, toJS, zod), so an alias bomb, a runaway
// nesting or a huge file is a positioned error in bounded time, never a stack overflow or a hang.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type Document } from 'yaml';

/** A routing config is a few KB; this leaves room for long model lists and price tables. */
export const MAX_CONFIG_BYTES = 128 * 1024;
/** Collections inside collections; the deepest part of the config schema is about 6. */
export const MAX_DEPTH = 64;
/** Uses of one anchor: the yaml package's `maxAliasCount`, passed to it too. */
export const MAX_ALIAS_COUNT = 100;
/** Values once every alias is expanded. */
export const MAX_EXPANDED_VALUES = 100_000;

export interface BoundsProblem {
  offset: number;
  message: string;
}

type CstToken = { type: string; offset: number; value?: unknown; items?: { key?: unknown; value?: unknown }[] };
const isToken = (t: unknown): t is CstToken => typeof t === 'object' && t !== null && typeof (t as CstToken).type === 'string';
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

/** parseDocument with bounds: the document, or the first bound it breaks. */
export function parseBounded(text: string, lines: LineCounter): { doc: Document; problem?: undefined } | { doc?: undefined; problem: BoundsProblem } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    return { problem: { offset: 0, message: `the config is ${kb(bytes)}; a routing config may be at most ${kb(MAX_CONFIG_BYTES)}` } };
  }
  // The lexer and parser are iterative; only composing recurses, so the nesting is measured on the CST first.
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const deep = tooDeep(tokens);
  if (deep) return { problem: deep };
  // Duplicate keys are found below in one pass: the composer's own check compares every pair of keys.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  let doc: Document | undefined;
  for (const d of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = d as Document;
    else {
      doc.errors.push(new YAMLParseError(d.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  const problem = doc!.errors.length ? undefined : checkNodes(doc!);
  return problem ? { problem } : { doc: doc! };
}

/** The first collection nested deeper than MAX_DEPTH, found with an explicit stack. */
function tooDeep(tokens: readonly unknown[]): BoundsProblem | undefined {
  const stack: [CstToken, number][] = tokens.filter(isToken).map((t) => [t, 0]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    const d = COLLECTIONS.has(t.type) ? depth + 1 : depth;
    if (d > MAX_DEPTH) return { offset: t.offset, message: `YAML: nested more than ${MAX_DEPTH} levels deep` };
    if (isToken(t.value)) stack.push([t.value, d]);
    for (const item of t.items ?? []) {
      if (isToken(item.key)) stack.push([item.key, d]);
      if (isToken(item.value)) stack.push([item.value, d]);
    }
  }
  return undefined;
}

/**
 * In document order: no map repeats a key, every alias names an anchor set before it (and not around it),
 * no anchor is used more than MAX_ALIAS_COUNT times, and the expanded document stays under
 * MAX_EXPANDED_VALUES values. The recursion is bounded by MAX_DEPTH.
 */
function checkNodes(doc: Document): BoundsProblem | undefined {
  const anchors = new Map<string, { size: number; uses: number; open: boolean }>();
  let expanded = 0;
  let problem: BoundsProblem | undefined;
  const at = (node: unknown) => ((node as { range?: [number, number] }).range?.[0] ?? 0);

  const size = (node: unknown): number => {
    if (problem || node === null || node === undefined) return 0;
    let n: number;
    if (isAlias(node)) {
      const a = anchors.get(node.source);
      if (!a) problem = { offset: at(node), message: `YAML: alias *${node.source} has no anchor &${node.source} before it` };
      else if (a.open) problem = { offset: at(node), message: `YAML: alias *${node.source} is inside the value it names (a cycle)` };
      else if (++a.uses > MAX_ALIAS_COUNT) problem = { offset: at(node), message: `YAML: anchor &${node.source} is used more than ${MAX_ALIAS_COUNT} times` };
      n = a?.size ?? 0;
    } else {
      const anchor = (node as { anchor?: string }).anchor;
      const entry = anchor ? { size: 0, uses: 0, open: true } : undefined;
      if (anchor) anchors.set(anchor, entry!);
      n = 1;
      if (isMap(node)) {
        const keys = new Set<unknown>();
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? pair.key.value : pair.key;
          if (keys.has(key)) problem ??= { offset: at(pair.key), message: `YAML: Map keys must be unique ("${String(key)}" is repeated)` };
          keys.add(key);
          n += size(pair.key) + size(pair.value);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) n += isPair(item) ? size(item.key) + size(item.value) : size(item);
      }
      if (entry) Object.assign(entry, { size: n, open: false });
      expanded++;
      return n;
    }
    expanded += n;
    if (!problem && expanded > MAX_EXPANDED_VALUES) {
      problem = { offset: at(node), message: `YAML: aliases expand the config past ${MAX_EXPANDED_VALUES} values (from *${node.source} on)` };
    }
    return n;
  };
  size(doc.contents);
  return problem;
}
