import { ACCOUNT_SCRIPT_TEXT, scriptText } from '../client/account-text.ts'
import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { Layout } from '../views/layout.tsx'
import { WebhookSection, type WebhookResult } from './account-webhooks.tsx'

const TEXT = {
  title: { zh: '我的账户', en: 'My account' },
  intro: {
    zh: '粘贴平台管理员发放给您的 API Key，即可查看它的级别、限额和剩余次数、数据授权及有效期，以及您提交的申请和答复。',
    en: 'Paste the API key the platform’s administrators issued to you to see its tier, limits and what remains of them, its grants and their expiry, and your applications with their replies.',
  },
  keyHeading: { zh: 'API Key', en: 'API key' },
  keyLabel: { zh: 'API Key（gk_ 开头）', en: 'API key (starts with gk_)' },
  keyHint: {
    zh: '密钥只保存在本浏览器标签页的 sessionStorage 中，关闭标签页即忘记；它不会写入 Cookie 或网址，只在调用 API 时作为 Authorization 请求头发送。',
    en: 'The key is kept in this browser tab’s sessionStorage only and forgotten when the tab closes; it never goes into a cookie or a URL, and is sent only as the Authorization header of API calls.',
  },
  noJs: {
    zh: '管理密钥需要启用 JavaScript：为避免泄露，密钥从不以 Cookie 或网址的形式发送给服务器，只由本页脚本保存在浏览器中并随 API 请求发送。',
    en: 'Key handling needs JavaScript: so that it cannot leak, the key is never sent to the server as a cookie or in a URL; this page’s script keeps it in the browser and sends it with API requests only.',
  },
  save: { zh: '保存密钥并查看账户', en: 'Save key and show account' },
  forget: { zh: '忘记密钥', en: 'Forget key' },
  summaryHeading: { zh: '此密钥', en: 'This key' },
  grantsHeading: { zh: '数据授权', en: 'Grants' },
  grantsCaption: { zh: '此密钥获准访问的有条件开放数据集', en: 'Conditionally open datasets this key may read' },
  applicationsHeading: { zh: '我的申请', en: 'My applications' },
  applicationsCaption: { zh: '用此密钥提交的申请，按提交时间排列', en: 'Applications made with this key, oldest first' },
  dataset: { zh: '数据集', en: 'Dataset' },
  granted: { zh: '批准日期', en: 'Granted' },
  grantExpiry: { zh: '有效期至', en: 'Expires' },
  purpose: { zh: '用途', en: 'Purpose' },
  status: { zh: '状态', en: 'Status' },
  submitted: { zh: '提交时间', en: 'Submitted' },
  dueBy: { zh: '答复期限（20 个工作日）', en: 'Reply due by (20 working days)' },
  reply: { zh: '答复', en: 'Reply' },
  decided: { zh: '答复时间', en: 'Decided' },
} as const satisfies Record<string, Bilingual>

/**
 * /account: the key holder's page. The server knows no key (page requests never carry one), so it
 * renders the frame — the key form, and the summary and tables hidden and empty — and
 * client/account.ts fills them from GET /api/v1/me and /api/v1/applications with the saved key. The
 * webhook section (account-webhooks.tsx) is the exception: its forms post the key, so that they work
 * without the script.
 */
export function AccountPage({ ctx, webhooks }: { ctx: PageContext; webhooks?: { result?: WebhookResult } }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t(TEXT.title)} section="account" scripts={['account.js']}>
      <h1>{t(TEXT.title)}</h1>
      <p>{t(TEXT.intro)}</p>
      <section
        id="key-section"
        aria-labelledby="key-heading"
        data-text={scriptText(ACCOUNT_SCRIPT_TEXT, ctx.lang)}
        data-dataset-href={ctx.link('/datasets/{id}')}
      >
        <h2 id="key-heading">{t(TEXT.keyHeading)}</h2>
        <p class="notice notice-warn no-js-only">{t(TEXT.noJs)}</p>
        {/* No name on the input: even a form submitted without the script sends no key, and the
            submit button stays disabled until the script enables it. */}
        <form id="key-form" method="post" action={ctx.link('/account')} autocomplete="off">
          <div class="form-row">
            <label for="api-key">{t(TEXT.keyLabel)}</label>
            <input id="api-key" type="password" autocomplete="off" spellcheck={false} autocapitalize="off" required aria-describedby="api-key-hint" />
            <p id="api-key-hint" class="muted">{t(TEXT.keyHint)}</p>
          </div>
          <div class="form-row">
            <button type="submit" disabled>{t(TEXT.save)}</button>
            <button type="button" id="forget-key" class="secondary" hidden>{t(TEXT.forget)}</button>
          </div>
        </form>
        <p id="account-status" role="status" tabindex={-1}></p>
      </section>
      <section id="key-summary" aria-labelledby="summary-heading" hidden>
        <h2 id="summary-heading" tabindex={-1}>{t(TEXT.summaryHeading)}</h2>
        <dl id="key-details"></dl>
      </section>
      <section id="grants-section" aria-labelledby="grants-heading" hidden>
        <h2 id="grants-heading">{t(TEXT.grantsHeading)}</h2>
        <p id="no-grants" class="muted" hidden></p>
        {/* focusable so that a keyboard can scroll a table wider than a phone */}
        <div class="table-wrap" tabindex={0} role="region" aria-label={t(TEXT.grantsCaption)}>
          <table id="grants">
            <caption class="visually-hidden">{t(TEXT.grantsCaption)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(TEXT.dataset)}</th>
                <th scope="col">{t(TEXT.granted)}</th>
                <th scope="col">{t(TEXT.grantExpiry)}</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section id="applications-section" aria-labelledby="applications-heading" hidden>
        <h2 id="applications-heading">{t(TEXT.applicationsHeading)}</h2>
        <p id="no-applications" class="muted" hidden></p>
        <div class="table-wrap" tabindex={0} role="region" aria-label={t(TEXT.applicationsCaption)}>
          <table id="applications">
            <caption class="visually-hidden">{t(TEXT.applicationsCaption)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(TEXT.dataset)}</th>
                <th scope="col">{t(TEXT.purpose)}</th>
                <th scope="col">{t(TEXT.status)}</th>
                <th scope="col">{t(TEXT.submitted)}</th>
                <th scope="col">{t(TEXT.dueBy)}</th>
                <th scope="col">{t(TEXT.reply)}</th>
                <th scope="col">{t(TEXT.decided)}</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      {/* only where the server delivers webhooks; a post of its forms comes back with what it did */}
      {webhooks ? <WebhookSection ctx={ctx} {...(webhooks.result ? { result: webhooks.result } : {})} /> : null}
    </Layout>
  )
}
