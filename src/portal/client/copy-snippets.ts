/**
 * The API tab's copy buttons (button.copy[data-copy=<code id>], shown only with JavaScript): the
 * code's text goes to the clipboard, and #copy-status (aria-live) says so, for screen readers too.
 * Text only: nothing from the page is ever parsed as markup.
 */

const COPIED = { zh: '已复制', en: 'Copied' } as const
const FAILED = { zh: '复制失败，请手动选择代码复制', en: 'Could not copy; select the code and copy it by hand' } as const

function words(): { copied: string; failed: string } {
  const en = document.documentElement.lang === 'en'
  return { copied: en ? COPIED.en : COPIED.zh, failed: en ? FAILED.en : FAILED.zh }
}

function announce(text: string): void {
  const status = document.getElementById('copy-status')
  if (!status) return
  // cleared first, so that copying twice announces twice
  status.textContent = ''
  window.setTimeout(() => {
    status.textContent = text
  }, 50)
}

async function copy(button: HTMLButtonElement): Promise<void> {
  const id = button.dataset.copy
  const code = id ? document.getElementById(id) : null
  if (!code) return
  const { copied, failed } = words()
  try {
    await navigator.clipboard.writeText(code.textContent ?? '')
    button.dataset.copied = 'true'
    announce(copied)
  } catch {
    announce(failed)
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button.copy[data-copy]')) {
  button.addEventListener('click', () => {
    void copy(button)
  })
}
