// Saves a rule's new chain into the YAML: the Document API finds the rule's `use` list and builds its new
// text, and only that list's characters are replaced, so every comment, blank line and the rest of the
// layout stay exactly as the user wrote them.
import { Document, isScalar, isSeq, parseDocument, Scalar, YAMLSeq, type Node } from 'yaml';
import type { CompiledRule } from '../config/model';
import { WhatIfError } from './whatIf';

type RuleRef = Pick<CompiledRule, 'source' | 'index' | 'id'>;

/** Where the rule's target list lives in the file. */
export function usePath(rule: RuleRef): (string | number)[] {
  if (rule.source === 'rules') return ['rules', rule.index, 'use'];
  if (rule.source === 'routing_rules') {
    const dot = rule.id.indexOf('.');
    return ['routing_rules', rule.id.slice(0, dot), rule.id.slice(dot + 1)];
  }
  throw new WhatIfError(`rule "${rule.id}" is implicit (no rule matched): edit fallback_chain instead`);
}

/** Builds the list the way the old one was written: flow or block, quoted or plain, padded or not. */
function listText(old: YAMLSeq, oldText: string, chain: readonly string[], indent: string): string {
  const first = old.items.find(isScalar) as Scalar | undefined;
  const type = first?.type === Scalar.QUOTE_SINGLE || first?.type === Scalar.QUOTE_DOUBLE ? first.type : undefined;
  const doc = new Document();
  const seq = new YAMLSeq();
  seq.flow = old.flow === true;
  for (const t of chain) {
    const s = new Scalar(t);
    if (type) s.type = type;
    seq.items.push(s);
  }
  doc.contents = seq;
  const padded = old.flow ? /^\[\s/.test(oldText) : false;
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: padded }).trimEnd();
  return old.flow ? out : out.split('\n').join(`\n${indent}`);
}

/** The config text with the rule's `use` list replaced by `chain`. Throws when the file no longer holds that rule. */
export function setRuleChain(text: string, rule: RuleRef, chain: readonly string[]): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new WhatIfError(`the config does not parse: ${doc.errors[0].message.split('\n')[0]}`);
  const path = usePath(rule);
  if (rule.source === 'rules') {
    const id = doc.getIn(['rules', rule.index, 'id']);
    if (id !== undefined && id !== rule.id) throw new WhatIfError(`rule ${rule.index + 1} in the file is "${String(id)}", not "${rule.id}": the file changed, reload first`);
  }
  const node = doc.getIn(path, true) as Node | undefined;
  if (!isSeq(node) || !node.range) throw new WhatIfError(`no target list at ${path.join('.')} in the file: the file changed, reload first`);
  const [start, end] = node.range;
  const oldText = text.slice(start, end);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = ' '.repeat(start - lineStart);
  // A block list's range may end after its last newline; keep whatever followed its last item.
  const body = oldText.replace(/\s+$/, '');
  return text.slice(0, start) + listText(node, body, chain, indent) + text.slice(start + body.length);
}
