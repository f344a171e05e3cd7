/**
 * The landing page's DOM helper: the page is built without React so that its first download is
 * a few kilobytes (issue #14 item 12, docs/page-weight.md). `h('p', { class: 'x' }, 'text')`.
 */
type Value = string | number | boolean | null | undefined
export type Attrs = Record<string, Value | ((event: Event) => void)>
export type Child = Node | string | null | undefined | false

/** Attributes as written in HTML; `on<event>` adds a listener; false, null and undefined are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value)
    else if (value === true) el.setAttribute(name, '')
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value))
  }
  el.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false))
  return el
}

/** An SVG element with its attributes. */
export function svg(tag: string, attrs: Record<string, string>, ...children: Element[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag) as SVGElement
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
  el.append(...children)
  return el
}
