// VNodes to DOM nodes: attributes with setAttribute, text as text nodes, handlers as event listeners.
import type { VNode } from './vnode';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function mount(v: VNode | string): Node {
  if (typeof v === 'string') return document.createTextNode(v);
  const el = v.svg ? document.createElementNS(SVG_NS, v.tag) : document.createElement(v.tag);
  for (const [k, value] of Object.entries(v.attrs)) el.setAttribute(k, value);
  if (el instanceof HTMLElement) Object.assign(el.dataset, v.dataset);
  const { click, change, toggle } = v.on;
  if (click) el.addEventListener('click', () => click());
  if (change) el.addEventListener('change', () => change((el as HTMLInputElement | HTMLSelectElement).value));
  if (toggle) el.addEventListener('toggle', () => toggle((el as HTMLDetailsElement).open));
  for (const c of v.children) el.appendChild(mount(c));
  return el;
}
