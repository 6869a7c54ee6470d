import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/**
 * A page as the bytes a browser gets. Preact escapes every text child and attribute value, so a
 * title, a cell or a keyword from a catalog file can never become markup; the only way around it,
 * dangerouslySetInnerHTML, is not used anywhere in the portal.
 */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`
}
