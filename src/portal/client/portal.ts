/**
 * Runs on every portal page (dataset.js and account.js import it): marks the page as scripted so
 * that no-JS fallbacks (.no-js-only) step aside and scripted controls (.js-only) appear, and makes
 * every wide table that scrolls sideways reachable from the keyboard.
 */
document.documentElement.classList.add('js')

/**
 * A .table-wrap whose table is wider than the screen scrolls on its own; keyboard users can only
 * scroll it once it can take focus, and a focusable region needs a name (its table's caption, or
 * the heading of its section).
 */
function focusableScrollers(): void {
  for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap')) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1
    if (scrolls && !wrap.hasAttribute('tabindex')) {
      wrap.tabIndex = 0
      wrap.dataset.scrollable = ''
      if (!wrap.hasAttribute('role')) wrap.setAttribute('role', 'region')
      if (!wrap.hasAttribute('aria-label') && !wrap.hasAttribute('aria-labelledby')) {
        const caption = wrap.querySelector('caption')?.textContent?.trim()
        const heading = wrap.closest('section')?.querySelector('h2, h3')?.textContent?.trim()
        const name = caption || heading
        if (name) wrap.setAttribute('aria-label', name)
        else wrap.removeAttribute('role')
      }
    } else if (!scrolls && wrap.dataset.scrollable !== undefined) {
      wrap.removeAttribute('tabindex')
      if (wrap.getAttribute('role') === 'region') wrap.removeAttribute('role')
      delete wrap.dataset.scrollable
    }
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusableScrollers)
else focusableScrollers()
window.addEventListener('resize', focusableScrollers)
/** Tables filled later (preview paging, the chart's table) announce themselves with this event. */
document.addEventListener('gongkai:content', focusableScrollers)
