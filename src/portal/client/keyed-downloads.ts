import { apiFetch, problemDetail, savedKey } from './key-store.ts'

/**
 * Downloads of data that needs a key (a.download[data-needs-key]): a plain link cannot carry the
 * key, so with a key saved on the account page a click fetches the file with it (Authorization:
 * Bearer, key-store.ts) and saves what came back under the server's file name. Without a saved key,
 * or for a file too big to hold in memory, the link is left alone and the page's note (use curl
 * with the key) stands. #download-status (aria-live) says what happened.
 */
const MAX_IN_MEMORY = 200 * 1000 * 1000

const TEXT = {
  fetching: { zh: '正在用已保存的 Key 下载…', en: 'Downloading with your saved key…' },
  done: { zh: '下载完成', en: 'Downloaded' },
  tooBig: { zh: '文件太大，无法在浏览器中下载，请用 curl 带上 Key 下载', en: 'The file is too big to download in the browser; use curl with your key' },
  failed: { zh: '下载失败：', en: 'Download failed: ' },
} as const

function say(key: keyof typeof TEXT, extra = ''): void {
  const status = document.getElementById('download-status')
  if (!status) return
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh'
  status.textContent = `${TEXT[key][lang]}${extra}`
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first), or undefined. */
function fileName(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1])
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1]
}

async function download(link: HTMLAnchorElement): Promise<void> {
  say('fetching')
  try {
    const response = await apiFetch(link.href, { headers: { accept: '*/*' } })
    if (!response.ok) {
      say('failed', await problemDetail(response))
      return
    }
    const length = Number(response.headers.get('content-length') ?? '0')
    if (length > MAX_IN_MEMORY) {
      say('tooBig')
      return
    }
    const blob = await response.blob()
    const url = URL.createObjectURL(blob)
    const save = document.createElement('a')
    save.href = url
    save.download = fileName(response.headers.get('content-disposition')) ?? link.href.split('/').pop()?.split('?')[0] ?? 'download'
    document.body.append(save)
    save.click()
    save.remove()
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
    say('done')
  } catch (error) {
    say('failed', error instanceof Error ? error.message : String(error))
  }
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('a.download[data-needs-key]')) {
  link.addEventListener('click', (event) => {
    if (!savedKey()) return
    event.preventDefault()
    void download(link)
  })
}
