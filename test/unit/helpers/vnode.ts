// Reading the dashboard page's VNodes in tests, as a user reads the page: text, and elements by class or key.
import type { VNode } from '../../../src/webview/vnode';

export function all(root: VNode, pred: (n: VNode) => boolean, out: VNode[] = []): VNode[] {
  if (pred(root)) out.push(root);
  for (const c of root.children) if (typeof c !== 'string') all(c, pred, out);
  return out;
}

/** The text a reader sees (textContent). */
export const text = (n: VNode | string): string => (typeof n === 'string' ? n : n.children.map(text).join(''));

const classes = (n: VNode) => (n.attrs.class ?? '').split(' ');

/** Every element of `tag` (or any tag) that has each of `cls`: byClass(root, 'li', 'rule', 'last'). */
export const byClass = (root: VNode, tag: string | undefined, ...cls: string[]): VNode[] => all(root, (n) => (!tag || n.tag === tag) && cls.every((c) => classes(n).includes(c)));

/** The one element with data-key `key`. */
export function byKey(root: VNode | VNode[], key: string): VNode {
  const found = [root].flat().flatMap((r) => all(r, (n) => n.dataset.key === key));
  if (found.length !== 1) throw new Error(`${found.length} elements with data-key ${key}`);
  return found[0];
}
