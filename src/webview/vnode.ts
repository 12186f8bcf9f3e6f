// The page as plain data: h() and s() build a tree of VNodes that mount.ts turns into DOM nodes. Text is
// always a text node, never markup. Being plain data, every part of the page renders (and is tested) in
// plain Node, without a DOM.

/** What a handler gets: a click nothing, a change the control's new value, a toggle whether it is open. */
export interface Handlers {
  click?: () => void;
  change?: (value: string) => void;
  toggle?: (open: boolean) => void;
}

export interface VNode {
  tag: string;
  svg: boolean;
  attrs: Record<string, string>;
  dataset: Record<string, string>;
  on: Handlers;
  children: (VNode | string)[];
}

export type Child = VNode | string | number | null | undefined | false | readonly Child[];

type Value = string | number | boolean | null | undefined;
export interface Attrs {
  dataset?: Record<string, string>;
  onclick?: Handlers['click'];
  onchange?: Handlers['change'];
  ontoggle?: Handlers['toggle'];
  [name: string]: Value | Record<string, string> | ((v: never) => void);
}

const isNode = (c: unknown): c is VNode => typeof c === 'object' && c !== null && 'tag' in c;

function flat(children: readonly Child[], out: (VNode | string)[] = []): (VNode | string)[] {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) flat(c, out);
    else if (isNode(c)) out.push(c);
    else out.push(String(c));
  }
  return out;
}

function build(svg: boolean, tag: string, attrs: Attrs | null | undefined, children: readonly Child[]): VNode {
  const [name, ...classes] = tag.split('.');
  const node: VNode = { tag: name, svg, attrs: {}, dataset: {}, on: {}, children: flat(children) };
  if (classes.length) node.attrs.class = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick') node.on.click = v as Handlers['click'];
    else if (k === 'onchange') node.on.change = v as Handlers['change'];
    else if (k === 'ontoggle') node.on.toggle = v as Handlers['toggle'];
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.attrs[k] = v === true ? '' : String(v);
  }
  return node;
}

/** h('div.a.b', {attrs}, ...children): an HTML element; `true` sets an empty attribute, false/null/undefined none. */
export const h = (tag: string, attrs?: Attrs | null, ...children: Child[]): VNode => build(false, tag, attrs, children);

/** An SVG element, as h(). */
export const s = (tag: string, attrs?: Attrs | null, ...children: Child[]): VNode => build(true, tag, attrs, children);

/** A codicon: decorative, or with a label when it is the only thing saying what it means. */
export const icon = (name: string, label?: string): VNode =>
  h(`span.codicon.codicon-${name}`, label ? { role: 'img', 'aria-label': label, title: label } : { 'aria-hidden': 'true' });

export interface ButtonOptions {
  kind?: 'primary' | 'secondary' | 'icon';
  icon?: string;
  iconOnly?: boolean;
  title?: string;
  aria?: string;
  disabled?: boolean;
  /** Identifies the button across renders, so focus stays on it. */
  key?: string;
  onclick?: () => void;
}

export function button(label: string, o: ButtonOptions = {}): VNode {
  return h(
    `button.${o.kind ?? 'secondary'}`,
    { type: 'button', title: o.title ?? label, 'aria-label': o.aria ?? (o.iconOnly ? label : undefined), disabled: o.disabled, onclick: o.onclick, dataset: o.key ? { key: o.key } : undefined },
    o.icon ? icon(o.icon) : null,
    o.iconOnly ? null : h('span', {}, label),
  );
}
