import { readAccess } from '../../../access/policy.ts'
import { versionDownloadPath } from '../../../harvest/distributions.ts'
import type { DatasetRecord, WithdrawnVersion } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { Bilingual } from '../../i18n/lang.ts'
import { formatBytes, formatCount, formatDateTime, formatExactBytes } from '../../format.ts'
import type { DownloadFile, DownloadFormat, VersionFiles } from './version-files.ts'

export const VERSIONS_TEXT = {
  heading: { zh: '版本与下载', en: 'Versions and downloads' },
  historyCaption: { zh: '版本历史（保留的版本，最新在前）', en: 'Version history (kept versions, newest first)' },
  version: { zh: '版本', en: 'Version' },
  published: { zh: '发布时间（北京时间）', en: 'Published (Beijing time)' },
  rows: { zh: '行数', en: 'Rows' },
  status: { zh: '状态', en: 'Status' },
  current: { zh: '当前版本', en: 'Current' },
  older: { zh: '旧版本', en: 'Older' },
  none: { zh: '还没有发布过版本。', en: 'No version has been published yet.' },
  closed: { zh: '不予开放的数据集没有下载文件。', en: 'A closed dataset has no downloads.' },
  downloadsOf: { zh: '版本 {v} 的下载', en: 'Downloads of version {v}' },
  currentSuffix: { zh: '（当前版本）', en: ' (current)' },
  noFiles: {
    zh: '这个版本没有下载文件（它发布于提供下载之前，或文件已被清理）。',
    en: 'This version has no download files (it was published before downloads existed, or they were cleaned up).',
  },
  size: { zh: '大小', en: 'Size' },
  excelPending: {
    zh: '首次下载时生成，大小和 SHA-256 届时在此显示（比 CSV 多一个 BOM，公式已中和）。',
    en: 'Made on its first download; its size and SHA-256 appear here then (the CSV with a BOM, formulas neutralised).',
  },
  currentUrl: {
    zh: '“当前版本”的链接总是指向最新版本；要固定到某一版本（与上面的 SHA-256 始终对应），请用带版本号的地址：',
    en: 'The current version\'s links always follow the newest version; to pin a version (so that it always matches its SHA-256), use the versioned address:',
  },
  needsKey: {
    zh: '需要 API Key：浏览器的普通链接无法带上 Key，直接点击会得到 401。请用 curl 等工具带上 Authorization: Bearer <Key> 下载，见',
    en: 'Needs an API key: a plain link in a browser cannot carry one, so clicking gives a 401. Download with curl or the like, sending Authorization: Bearer <key>; see',
  },
  apiLink: { zh: 'API 示例', en: 'the API examples' },
  savedKey: {
    zh: '在“我的账户”保存了 Key 的话，本页会用它下载（文件先读入浏览器内存，很大的文件请用 curl）。',
    en: 'With a key saved on "My account", this page downloads with it (the file is held in the browser\'s memory first: use curl for very big files).',
  },
  account: { zh: '保存 API Key', en: 'Save an API key' },
  keyBadge: { zh: '需 Key', en: 'key needed' },
  withdrawnHeading: { zh: '已撤回的版本', en: 'Withdrawn versions' },
  withdrawnCaption: { zh: '已撤回的版本（数据和文件已删除）', en: 'Withdrawn versions (their rows and files are deleted)' },
  withdrawnAt: { zh: '撤回时间', en: 'Withdrawn' },
  withdrawnBy: { zh: '撤回原因', en: 'Reason' },
  byCatalog: { zh: '目录收紧（分级或开放属性变严）', en: 'The catalogue entry became stricter' },
  byOperator: { zh: '运营人员清除', en: 'Purged by an operator' },
  sha256: { zh: 'SHA-256', en: 'SHA-256' },
} as const satisfies Record<string, Bilingual>

export const FORMAT_TEXT: Readonly<Record<DownloadFormat, { name: Bilingual; note: Bilingual }>> = {
  csv: { name: { zh: 'CSV', en: 'CSV' }, note: { zh: 'UTF-8，无 BOM；适合程序读取', en: 'UTF-8 without BOM; for programs' } },
  'excel.csv': { name: { zh: 'CSV（Excel 适用）', en: 'CSV for Excel' }, note: { zh: '带 BOM 的 UTF-8，Excel 打开中文不乱码', en: 'UTF-8 with a BOM, so Excel reads Chinese correctly' } },
  'csv.gz': { name: { zh: 'CSV（gzip 压缩）', en: 'CSV (gzip)' }, note: { zh: '压缩的 CSV，解压后与 CSV 相同', en: 'The CSV, compressed' } },
  arrow: { name: { zh: 'Apache Arrow', en: 'Apache Arrow' }, note: { zh: 'Arrow IPC 文件，适合 pandas、Polars、DuckDB', en: 'Arrow IPC file, for pandas, Polars, DuckDB' } },
}

function fill(text: string, v: number): string {
  return text.replace('{v}', String(v))
}

function DownloadItem({ ctx, file, needsKey }: { ctx: PageContext; file: DownloadFile; needsKey: boolean }) {
  const { t } = ctx
  const format = FORMAT_TEXT[file.format]
  return (
    <li class="card download-item">
      <a class="download" data-format={file.format} href={file.url} download={needsKey ? undefined : ''} data-needs-key={needsKey ? 'true' : undefined} rel="nofollow">
        {t(format.name)}
      </a>
      {needsKey ? <> <span class="badge">{t(VERSIONS_TEXT.keyBadge)}</span></> : null}
      <span class="muted"> · {t(format.note)}</span>
      {file.digest
        ? (
          <dl class="file-digest">
            <dt>{t(VERSIONS_TEXT.size)}</dt>
            <dd><span class="size">{formatBytes(ctx.lang, file.digest.bytes)}</span> <span class="muted">(<span class="bytes" data-bytes={String(file.digest.bytes)}>{formatExactBytes(ctx.lang, file.digest.bytes)}</span>)</span></dd>
            <dt>{t(VERSIONS_TEXT.sha256)}</dt>
            <dd><code class="sha256">{file.digest.sha256}</code></dd>
          </dl>
        )
        : <p class="muted">{t(VERSIONS_TEXT.excelPending)}</p>}
    </li>
  )
}

function withdrawnReason(ctx: PageContext, w: WithdrawnVersion): string {
  const by = ctx.t(w.by === 'catalog' ? VERSIONS_TEXT.byCatalog : VERSIONS_TEXT.byOperator)
  return w.reasons.length > 0 ? `${by}${ctx.lang === 'zh' ? '：' : ': '}${w.reasons.join(ctx.lang === 'zh' ? '；' : '; ')}` : by
}

export function VersionsSection({ ctx, dataset, files }: { ctx: PageContext; dataset: DatasetRecord; files: readonly VersionFiles[] }) {
  const { t } = ctx
  const access = readAccess(dataset.entry)
  const needsKey = access === 'any-key' || access === 'granted-key'
  const current = dataset.current
  return (
    <section id="versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t(VERSIONS_TEXT.heading)}</h2>
      {dataset.versions.length === 0
        ? <p class="muted">{t(VERSIONS_TEXT.none)}</p>
        : (
          <div class="table-wrap">
            <table id="version-history">
              <caption>{t(VERSIONS_TEXT.historyCaption)}</caption>
              <thead>
                <tr><th scope="col">{t(VERSIONS_TEXT.version)}</th><th scope="col">{t(VERSIONS_TEXT.published)}</th><th scope="col">{t(VERSIONS_TEXT.rows)}</th><th scope="col">{t(VERSIONS_TEXT.status)}</th></tr>
              </thead>
              <tbody>
                {dataset.versions.map((v) => (
                  <tr class={v.version === current?.version ? 'current-version' : undefined} aria-current={v.version === current?.version ? 'true' : undefined}>
                    <th scope="row">{access === 'nobody' ? `v${v.version}` : <a href={`#downloads-v${v.version}`}>v{v.version}</a>}</th>
                    <td><time datetime={v.publishedAt}>{formatDateTime(v.publishedAt)}</time></td>
                    <td class="number">{formatCount(ctx.lang, v.rowCount)}</td>
                    <td>{v.version === current?.version ? <strong>{t(VERSIONS_TEXT.current)}</strong> : t(VERSIONS_TEXT.older)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {access === 'nobody' ? <p class="muted" id="no-downloads">{t(VERSIONS_TEXT.closed)}</p> : null}
      {needsKey && files.length > 0
        ? (
          <div class="notice" id="download-key-note">
            <p>{t(VERSIONS_TEXT.needsKey)} <a href="#api">{t(VERSIONS_TEXT.apiLink)}</a>.</p>
            <p class="js-only">{t(VERSIONS_TEXT.savedKey)} <a href={ctx.link('/account')}>{t(VERSIONS_TEXT.account)}</a></p>
          </div>
        )
        : null}
      {needsKey && files.length > 0 ? <p id="download-status" class="visually-hidden" role="status" aria-live="polite"></p> : null}
      {files.map((vf) => (
        <div class="version-downloads" id={`downloads-v${vf.version}`} data-version={String(vf.version)}>
          <h3>{fill(t(VERSIONS_TEXT.downloadsOf), vf.version)}{vf.current ? t(VERSIONS_TEXT.currentSuffix) : ''}</h3>
          {vf.files.length === 0
            ? <p class="muted">{t(VERSIONS_TEXT.noFiles)}</p>
            : <ul class="card-list downloads">{vf.files.map((file) => <DownloadItem ctx={ctx} file={file} needsKey={needsKey} />)}</ul>}
          {vf.current && vf.files.length > 0
            ? <p class="muted pinned-url">{t(VERSIONS_TEXT.currentUrl)} <code>{versionDownloadPath(dataset.id, vf.version, 'csv')}</code></p>
            : null}
        </div>
      ))}
      {dataset.withdrawn.length > 0
        ? (
          <>
            <h3 id="withdrawn-heading">{t(VERSIONS_TEXT.withdrawnHeading)}</h3>
            <div class="table-wrap">
              <table id="withdrawn-versions">
                <caption class="visually-hidden">{t(VERSIONS_TEXT.withdrawnCaption)}</caption>
                <thead>
                  <tr><th scope="col">{t(VERSIONS_TEXT.version)}</th><th scope="col">{t(VERSIONS_TEXT.withdrawnAt)}</th><th scope="col">{t(VERSIONS_TEXT.withdrawnBy)}</th></tr>
                </thead>
                <tbody>
                  {dataset.withdrawn.map((w) => (
                    <tr>
                      <th scope="row">v{w.version}</th>
                      <td><time datetime={w.withdrawnAt}>{formatDateTime(w.withdrawnAt)}</time></td>
                      <td>{withdrawnReason(ctx, w)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
        : null}
    </section>
  )
}
