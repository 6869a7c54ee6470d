/**
 * Building nodes for the account and apply scripts: createElement and textContent only, so a value
 * from the API (a purpose, a reason, a key name) is always text, never markup.
 */
type Child = Node | string | null | undefined

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  for (const child of children) {
    if (child === null || child === undefined) continue
    node.append(typeof child === 'string' ? document.createTextNode(child) : child)
  }
  return node
}

/** Replaces an element's content with these children. */
export function replaceContent(node: Element, ...children: Child[]): void {
  node.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined))
}

/** A table row of cells; the first may be a header cell naming the row. */
export function row(cells: readonly Child[], rowHeader = false): HTMLTableRowElement {
  return element('tr', {}, ...cells.map((cell, i) => (rowHeader && i === 0 ? element('th', { scope: 'row' }, cell) : element('td', {}, cell))))
}

/**
 * Writes a message into a role=status element. `focus` moves the keyboard there too (the element
 * has tabindex=-1), for outcomes the reader must see before going on, such as a refused key.
 */
export function announce(status: HTMLElement, message: readonly Child[], options: { kind?: 'info' | 'error' | 'success'; focus?: boolean } = {}): void {
  replaceContent(status, ...message)
  status.classList.remove('notice', 'notice-warn', 'notice-ok')
  if (options.kind === 'error') status.classList.add('notice', 'notice-warn')
  else if (options.kind === 'success') status.classList.add('notice', 'notice-ok')
  if (options.focus) status.focus()
}
