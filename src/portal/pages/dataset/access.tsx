import { readAccess } from '../../../access/policy.ts'
import { GRADE_POLICY, type ReadAccess } from '../../../config/grades.ts'
import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import { GRADE_TEXT, OPEN_TEXT } from '../../i18n/common.ts'
import type { Bilingual } from '../../i18n/lang.ts'

export const ACCESS_TEXT = {
  heading: { zh: '访问权限', en: 'Access' },
  grade: { zh: '分级', en: 'Grade' },
  open: { zh: '开放属性', en: 'Open attribute' },
  anyone: {
    zh: '任何人都可以在本页预览和制图，直接下载各版本文件，或不带 Key 调用 API。',
    en: 'Anyone may preview and chart it on this page, download every version, or call the API without a key.',
  },
  anyKey: {
    zh: '读取数据需要 API Key（由平台管理员签发）。在“我的账户”里保存 Key 后，本页的预览和图表会用它读取；下载文件和调用 API 时请在请求头中带上 Authorization: Bearer <Key>（浏览器的普通链接无法带上 Key，见下方 API 示例）。',
    en: 'Reading the data needs an API key (issued by the platform\'s administrators). Save your key on "My account" and this page\'s preview and chart use it; for downloads and API calls send it as Authorization: Bearer <key> (a plain link in a browser cannot carry a key; see the API examples below).',
  },
  account: { zh: '保存 API Key', en: 'Save an API key' },
  api: { zh: 'API 示例', en: 'API examples' },
  granted: {
    zh: '读取数据需先申请：说明用途并接受使用协议，管理员批准后，凭你的 API Key 在授权有效期内访问。',
    en: 'Reading the data takes an application: state your purpose and accept the use agreement; once an administrator approves it, your API key reads the data until the grant expires.',
  },
  apply: { zh: '申请使用', en: 'Apply for access' },
  closed: {
    zh: '本数据集不予开放：这里只公开它的目录信息（描述、字段等），没有可预览、下载或通过 API 读取的数据，也不接受使用申请。',
    en: 'This dataset is closed: only its catalogue entry (description, fields and so on) is public. There is no data to preview, download or read through the API, and no applications are taken.',
  },
  closedGrade4: {
    zh: '原因：它属于四级数据，公开后会造成特别严重的危害，依规定不予开放。',
    en: 'Why: it is grade 4 data, whose disclosure would cause very serious harm; such data is never opened.',
  },
  closedByProvider: {
    zh: '原因：提供单位将其列为不予开放。',
    en: 'Why: its provider lists it as closed.',
  },
  noVersion: {
    zh: '目前没有已发布的版本，所以暂无数据可读。',
    en: 'No version is published at present, so there is no data to read yet.',
  },
  withdrawnCurrent: {
    zh: '最近的版本已被撤回（见“版本与下载”），新版本发布前暂无数据可读。',
    en: 'The latest version was withdrawn (see "Versions and downloads"); there is no data to read until a new one is published.',
  },
} as const satisfies Record<string, Bilingual>

function AccessMeaning({ ctx, access, dataset }: { ctx: PageContext; access: ReadAccess; dataset: DatasetRecord }) {
  const { t } = ctx
  switch (access) {
    case 'anyone':
      return <p>{t(ACCESS_TEXT.anyone)}</p>
    case 'any-key':
      return (
        <p>
          {t(ACCESS_TEXT.anyKey)}{' '}
          <a href={ctx.link('/account')}>{t(ACCESS_TEXT.account)}</a> · <a href="#api">{t(ACCESS_TEXT.api)}</a>
        </p>
      )
    case 'granted-key':
      return (
        <p>
          {t(ACCESS_TEXT.granted)}{' '}
          <a href="#apply">{t(ACCESS_TEXT.apply)}</a> · <a href={ctx.link('/account')}>{t(ACCESS_TEXT.account)}</a>
        </p>
      )
    case 'nobody':
      return (
        <div class="notice notice-warn" id="closed-notice">
          <p>{t(ACCESS_TEXT.closed)}</p>
          <p>{t(dataset.entry.grade === 4 ? ACCESS_TEXT.closedGrade4 : ACCESS_TEXT.closedByProvider)}</p>
        </div>
      )
  }
}

export function AccessSection({ ctx, dataset }: { ctx: PageContext; dataset: DatasetRecord }) {
  const { t } = ctx
  const { entry } = dataset
  const access = readAccess(entry)
  const grade = GRADE_TEXT[entry.grade]
  const open = OPEN_TEXT[entry.open]
  return (
    <section id="access" aria-labelledby="access-heading">
      <h2 id="access-heading">{t(ACCESS_TEXT.heading)}</h2>
      <dl class="metadata access-terms">
        <dt>{t(ACCESS_TEXT.grade)}</dt>
        <dd>
          <span class={`badge badge-grade-${entry.grade}`}>{t(grade.label)}</span>{' '}
          {/* the grade's own access rule, unless the open attribute makes it stricter (a conditional grade 2) */}
          {GRADE_POLICY[entry.grade].readAccess === access ? <span class="grade-access">{t(grade.access)}</span> : null}
          <br /><span class="muted">{t(grade.meaning)}</span>
        </dd>
        <dt>{t(ACCESS_TEXT.open)}</dt>
        <dd>
          <span class={`badge badge-open-${entry.open}`}>{t(open.label)}</span>{' '}
          <span class="open-meaning">{t(open.meaning)}</span>
        </dd>
      </dl>
      <AccessMeaning ctx={ctx} access={access} dataset={dataset} />
      {access !== 'nobody' && !dataset.current
        ? <p class="notice">{t(dataset.withdrawn.length > 0 && (dataset.withdrawn[0]?.version ?? 0) > (dataset.versions[0]?.version ?? 0) ? ACCESS_TEXT.withdrawnCurrent : ACCESS_TEXT.noVersion)}</p>
        : null}
    </section>
  )
}
