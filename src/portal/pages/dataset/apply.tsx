import { MAX_PURPOSE, MIN_PURPOSE } from '../../../access/applications.ts'
import type { DatasetRecord } from '../../../store/types.ts'
import { APPLY_SCRIPT_TEXT, scriptText } from '../../client/account-text.ts'
import type { PageContext } from '../../context.ts'
import type { Bilingual } from '../../i18n/lang.ts'
import { USE_AGREEMENT } from '../../i18n/use-agreement.ts'

const TEXT = {
  heading: { zh: '申请访问', en: 'Apply for access' },
  intro: {
    zh: '此数据集有条件开放：说明用途并接受下方的使用协议后提交申请，管理员批准后，您的 API Key 即可在授权有效期内读取和下载数据。',
    en: 'This dataset is conditionally open: state your purpose and accept the use agreement below; once an administrator approves, your API key may read and download the data until the grant ends.',
  },
  noJs: {
    zh: '申请需要启用 JavaScript 和一个 API Key：申请由本页脚本凭您在“我的账户”页保存的密钥提交，密钥不会随表单发送。',
    en: 'Applying needs JavaScript and an API key: the page’s script submits the application with the key you saved on My account; the key is never sent with a form.',
  },
  account: { zh: '我的账户', en: 'My account' },
  purpose: { zh: '用途', en: 'Purpose' },
  purposeHint: {
    zh: `说明您将如何使用这些数据（${MIN_PURPOSE}–${MAX_PURPOSE} 字），例如研究课题、使用单位和预计期限。`,
    en: `How you will use the data (${MIN_PURPOSE} to ${MAX_PURPOSE} characters): for example the research question, who uses it and for how long.`,
  },
  accept: { zh: '我已阅读并接受上述使用协议', en: 'I have read and accept the use agreement above' },
  submit: { zh: '提交申请', en: 'Submit the application' },
} as const satisfies Record<string, Bilingual>

/**
 * Applying for conditionally open data; rendered only for conditional datasets. The form's fields
 * have no names and its button is disabled until client/apply.ts takes over: the script posts the
 * purpose as JSON with the saved key as a Bearer token, and nothing is ever submitted as a form.
 */
export function ApplySection({ ctx, dataset }: { ctx: PageContext; dataset: DatasetRecord }) {
  const { t } = ctx
  return (
    <section
      id="apply"
      aria-labelledby="apply-heading"
      data-dataset={dataset.id}
      data-text={scriptText(APPLY_SCRIPT_TEXT, ctx.lang)}
      data-account-href={ctx.link('/account')}
    >
      <h2 id="apply-heading">{t(TEXT.heading)}</h2>
      <p>{t(TEXT.intro)}</p>
      <div id="agreement" class="card" role="region" aria-labelledby="agreement-heading">
        <h3 id="agreement-heading">{t(USE_AGREEMENT.title)}</h3>
        <p>{t(USE_AGREEMENT.intro)}</p>
        <ol>
          {USE_AGREEMENT.promises.map((promise) => <li>{t(promise)}</li>)}
        </ol>
        <p>{t(USE_AGREEMENT.deadline)}</p>
      </div>
      <p class="notice notice-warn no-js-only">
        {t(TEXT.noJs)} <a href={ctx.link('/account')}>{t(TEXT.account)}</a>
      </p>
      <p id="apply-standing" class="notice" hidden></p>
      <form id="apply-form" method="post" action={ctx.link('/account')}>
        <div class="form-row">
          <label for="apply-purpose">{t(TEXT.purpose)}</label>
          <textarea id="apply-purpose" rows={5} minlength={MIN_PURPOSE} maxlength={MAX_PURPOSE} required aria-describedby="apply-purpose-hint"></textarea>
          <p id="apply-purpose-hint" class="muted">{t(TEXT.purposeHint)}</p>
        </div>
        <div class="form-row check">
          <input id="apply-accept" type="checkbox" required />
          <label for="apply-accept">{t(TEXT.accept)}</label>
        </div>
        <div class="form-row">
          <button type="submit" disabled>{t(TEXT.submit)}</button>
        </div>
      </form>
      <p id="apply-status" role="status" tabindex={-1}></p>
    </section>
  )
}
