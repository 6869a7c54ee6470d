/**
 * The account page's webhook forms post the key in their body, so that they work without JavaScript. With
 * it, and a key saved in this tab, the key fields are filled from sessionStorage and hidden: the holder
 * pastes the key once, as for the rest of the page.
 */
import { savedKey } from './key-store.ts'

export function fillWebhookKeys(): void {
  const key = savedKey()
  for (const row of document.querySelectorAll<HTMLElement>('.webhook-key')) {
    const input = row.querySelector<HTMLInputElement>('input[name="key"]')
    if (!input) continue
    input.value = key ?? ''
    row.hidden = key !== undefined
  }
}
