// Turns on local model servers in a routing config's YAML text: the provider is enabled (or added to the `local`
// tier), given a model the server really serves, and put in `fallback_chain` after the local providers already
// there, so every rule can fall back to it. Only the characters that change are touched: comments and layout
// stay as the user wrote them.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';

export interface LocalServer {
  provider: string;
  label: string;
  type: string;
  base_url: string;
  /** What the server lists; when the provider's default_model is none of them, the first chat model is set. */
  models: readonly string[];
}

interface Edit {
  at: number;
  end: number;
  text: string;
}

const quote = (s: string) => JSON.stringify(s);
/** The model to chat with among those a server lists: servers list embedding models too, often first. */
const chatModel = (models: readonly string[]) => models.find((m) => !/embed/i.test(m)) ?? models[0];
const lineEnd = (text: string, offset: number) => {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
};
const indentAt = (text: string, offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);

function findProvider(doc: Document, name: string): { tier: string; node: YAMLMap } | undefined {
  const tiers = doc.get('providers', true);
  if (!isMap(tiers)) return undefined;
  for (const pair of tiers.items) {
    const node = isMap(pair.value) ? pair.value.get(name, true) : undefined;
    if (isMap(node)) return { tier: String((pair.key as { value?: unknown })?.value), node };
  }
  return undefined;
}

/** The config text with `servers` turned on, and one line per change for the user. */
export function turnOnLocalServers(text: string, servers: readonly LocalServer[], isLocal: (provider: string) => boolean): { text: string; changes: string[] } {
  // Lines are inserted after a line's end: a last line without its newline gets one first.
  let current = text && !text.endsWith('\n') ? text + '\n' : text;
  const changes: string[] = [];
  for (const s of servers) {
    const doc = parseDocument(current);
    if (doc.errors.length) throw new Error(`the routing config does not parse: ${doc.errors[0].message.split('\n')[0]}`);
    const edits: Edit[] = [];
    const found = findProvider(doc, s.provider);
    if (found) {
      const enabled = found.node.get('enabled', true) as Node | undefined;
      if (isScalar(enabled) && enabled.value === false && enabled.range) {
        edits.push({ at: enabled.range[0], end: enabled.range[1], text: 'true' });
        changes.push(`${s.label}: turned on (providers.${found.tier}.${s.provider})`);
      }
      const model = found.node.get('default_model', true) as Node | undefined;
      if (s.models.length && isScalar(model) && model.range && !s.models.includes(String(model.value))) {
        edits.push({ at: model.range[0], end: model.range[1], text: quote(chatModel(s.models)) });
        changes.push(`${s.label}: default_model ${String(model.value)} → ${chatModel(s.models)} (a model it serves)`);
      }
    } else {
      const local = doc.getIn(['providers', 'local'], true) as Node | undefined;
      const providers = doc.get('providers', true) as Node | undefined;
      if (!isMap(providers) || providers.flow || (local && (!isMap(local) || local.flow || !local.range))) throw new Error('providers.local is not a block map: add the provider by hand');
      const lines = [`${s.provider}:`, `  type: ${s.type}`, `  base_url: ${quote(s.base_url)}`, ...(s.models.length ? [`  default_model: ${quote(chatModel(s.models))}`] : []), '  local: true'];
      if (isMap(local) && local.range && local.items.length) {
        // Right after the last provider's last line, spaced like the providers before it.
        const indent = ' '.repeat(indentAt(current, (local.items[0].key as Node).range![0]));
        const last = local.items[local.items.length - 1];
        const end = ((last.value ?? last.key) as Node).range![1];
        const lastKeyLine = current.lastIndexOf('\n', (last.key as Node).range![0] - 1) + 1;
        const blank = local.items.length > 1 && /\n[ \t]*\n$/.test(current.slice(0, lastKeyLine));
        const at = lineEnd(current, end - 1);
        edits.push({ at, end: at, text: `${blank ? '\n' : ''}${lines.map((l) => indent + l).join('\n')}\n` });
      } else {
        // No local tier yet: a new one right under `providers:`, indented like its other tiers.
        const tier = providers.items[0]?.key as Node | undefined;
        const indent = ' '.repeat(tier?.range ? indentAt(current, tier.range[0]) : 2);
        const key = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === 'providers')!.key as Node;
        const at = lineEnd(current, key.range![0]);
        edits.push({ at, end: at, text: `${indent}local:\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n` });
      }
      changes.push(`${s.label}: added as providers.local.${s.provider} (${s.base_url}${s.models.length ? `, ${chatModel(s.models)}` : ''})`);
    }
    const chain = doc.get('fallback_chain', true) as Node | undefined;
    if (isSeq(chain) && chain.range && !chain.items.some((i) => isScalar(i) && i.value === s.provider)) {
      const items = chain.items.filter(isScalar);
      const lastLocal = [...items].reverse().find((i) => isLocal(String(i.value)));
      if (chain.flow) {
        const after = lastLocal?.range ? lastLocal.range[1] : chain.range[0] + 1;
        const sample = items[0];
        const name = sample && (sample.type === 'QUOTE_DOUBLE' || sample.type === 'QUOTE_SINGLE') ? quote(s.provider) : s.provider;
        edits.push({ at: after, end: after, text: lastLocal ? `, ${name}` : `${name}${items.length ? ', ' : ''}` });
      } else if (items[0]?.range) {
        const anchor = lastLocal ?? items[0];
        const dash = current.lastIndexOf('-', anchor.range![0]);
        const line = `${' '.repeat(indentAt(current, dash))}- ${s.provider}\n`;
        const at = lastLocal ? lineEnd(current, anchor.range![0]) : current.lastIndexOf('\n', dash) + 1;
        edits.push({ at, end: at, text: line });
      }
      changes.push(`${s.label}: in fallback_chain${lastLocal ? ` after ${String(lastLocal.value)}` : ' first'}, so every rule can fall back to it`);
    }
    for (const e of edits.sort((a, b) => b.at - a.at)) current = current.slice(0, e.at) + e.text + current.slice(e.end);
  }
  return { text: current, changes };
}
