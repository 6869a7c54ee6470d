import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { CATALOG_EVENT_TYPES, type CatalogEventType } from '../../store/change-types.ts'
import type { AttemptRecord, DeliveryRecord, SubscriptionRecord } from '../../store/subscription-types.ts'

const TEXT = {
  heading: { zh: 'Webhook 订阅', en: 'Webhook subscriptions' },
  intro: {
    zh: '数据集发布新版本、字段结构变化或关闭时，平台向您的网址发送签名的 POST 请求（Standard Webhooks）。网址须为 https，且只能解析到公网地址。',
    en: 'When a dataset publishes a version, changes its fields or closes, the platform POSTs a signed request (Standard Webhooks) to your URL. The URL must be https and resolve to public addresses only.',
  },
  keyNote: {
    zh: '以下表单把密钥放在 POST 请求的正文中发送（从不放在网址或 Cookie 中），因此不启用 JavaScript 也能使用；已保存密钥时由本页脚本自动填入。',
    en: 'These forms send the key in the body of a POST request (never in a URL or a cookie), so that they work without JavaScript; with a saved key, this page’s script fills it in.',
  },
  keyLabel: { zh: 'API Key', en: 'API key' },
  show: { zh: '查看我的订阅', en: 'Show my subscriptions' },
  createHeading: { zh: '新建订阅', en: 'New subscription' },
  url: { zh: '接收网址', en: 'Receiver URL' },
  events: { zh: '事件', en: 'Events' },
  datasets: { zh: '数据集编号（逗号分隔，留空为全部）', en: 'Dataset ids (comma-separated; empty for all)' },
  themes: { zh: '主题（逗号分隔，留空为全部）', en: 'Themes (comma-separated; empty for all)' },
  providers: { zh: '提供单位（逗号分隔，留空为全部）', en: 'Providers (comma-separated; empty for all)' },
  create: { zh: '创建订阅', en: 'Create subscription' },
  listCaption: { zh: '此密钥的订阅及最近的投递', en: 'This key’s subscriptions and their latest deliveries' },
  none: { zh: '此密钥还没有订阅。', en: 'This key has no subscriptions yet.' },
  status: { zh: '状态', en: 'Status' },
  filters: { zh: '范围', en: 'Scope' },
  recent: { zh: '最近投递', en: 'Latest deliveries' },
  actions: { zh: '操作', en: 'Actions' },
  active: { zh: '正常', en: 'active' },
  disabled: { zh: '已停用', en: 'disabled' },
  all: { zh: '全部', en: 'all' },
  noDeliveries: { zh: '暂无投递', en: 'none yet' },
  delete: { zh: '删除', en: 'Delete' },
  enable: { zh: '重新启用', en: 'Enable again' },
  secretIntro: {
    zh: '订阅已创建。请立即保存下面的签名密钥，它只显示这一次，用于校验每次投递的 webhook-signature：',
    en: 'The subscription was made. Save its signing secret now: it is shown only this once, and verifies the webhook-signature of every delivery:',
  },
  deleted: { zh: '订阅已删除。', en: 'The subscription was deleted.' },
  enabled: { zh: '订阅已重新启用，待投递的事件将立即重试。', en: 'The subscription is enabled again; its pending deliveries are retried at once.' },
  listed: { zh: '已列出此密钥的订阅。', en: 'This key’s subscriptions are listed below.' },
  failures: { zh: '连续失败 {n} 次', en: '{n} failures in a row' },
} as const satisfies Record<string, Bilingual>

const EVENT_NAMES: Readonly<Record<CatalogEventType, Bilingual>> = {
  'dataset.created': { zh: '新数据集', en: 'new dataset' },
  'version.published': { zh: '发布新版本', en: 'version published' },
  'dataset.schema_changed': { zh: '字段结构变化', en: 'fields changed' },
  'dataset.closed': { zh: '数据集关闭', en: 'dataset closed' },
}

const DELIVERY_STATUS: Readonly<Record<DeliveryRecord['status'], Bilingual>> = {
  pending: { zh: '待投递', en: 'pending' },
  delivered: { zh: '已送达', en: 'delivered' },
  failed: { zh: '失败', en: 'failed' },
}

/** What a webhook form's POST came to: the key's subscriptions with their latest deliveries, and what was done. */
export interface WebhookResult {
  subscriptions: readonly SubscriptionRecord[]
  deliveries: ReadonlyMap<string, readonly DeliveryRecord[]>
  attempts: readonly AttemptRecord[]
  done?: { kind: 'created'; secret: string } | { kind: 'deleted' | 'enabled' | 'listed' }
  /** Why the form was refused (a bad key, a refused URL, …). */
  refusal?: string
}

/** The key field every webhook form carries; client/account.ts fills and hides it when a key is saved. */
function KeyField({ ctx, id }: { ctx: PageContext; id: string }) {
  return (
    <div class="form-row webhook-key">
      <label for={id}>{ctx.t(TEXT.keyLabel)}</label>
      <input id={id} name="key" type="password" autocomplete="off" spellcheck={false} autocapitalize="off" required />
    </div>
  )
}

function deliveryText(ctx: PageContext, delivery: DeliveryRecord, attempts: readonly AttemptRecord[]): string {
  const last = attempts.filter((a) => a.deliveryId === delivery.id).at(-1)
  const outcome = last ? ` (${last.statusCode !== undefined ? `HTTP ${last.statusCode}` : last.error}, ${last.latencyMs} ms)` : ''
  return `${ctx.t(EVENT_NAMES[delivery.eventType])} ${delivery.datasetId} · ${ctx.t(DELIVERY_STATUS[delivery.status])}${outcome}`
}

function scopeText(ctx: PageContext, subscription: SubscriptionRecord): string {
  const events = subscription.events.length === CATALOG_EVENT_TYPES.length ? ctx.t(TEXT.all) : subscription.events.map((e) => ctx.t(EVENT_NAMES[e])).join('、')
  const lists = [subscription.datasets, subscription.themes, subscription.providers].filter((l) => l.length > 0).map((l) => l.join(', '))
  return [events, ...lists].join(' · ')
}

function SubscriptionRow({ ctx, subscription, result, n }: { ctx: PageContext; subscription: SubscriptionRecord; result: WebhookResult; n: number }) {
  const deliveries = result.deliveries.get(subscription.id) ?? []
  const action = (name: 'delete' | 'enable', text: Bilingual) => (
    <form method="post" action={ctx.link('/account/webhooks')} class="webhook-action">
      <KeyField ctx={ctx} id={`webhook-key-${name}-${n}`} />
      <input type="hidden" name="id" value={subscription.id} />
      <button type="submit" name="action" value={name} class={name === 'delete' ? 'secondary' : undefined}>{ctx.t(text)}</button>
    </form>
  )
  return (
    <tr>
      <th scope="row"><code>{subscription.url}</code></th>
      <td>{scopeText(ctx, subscription)}</td>
      <td>
        <span class={`status-${subscription.disabledAt ? 'denied' : 'approved'}`}>{ctx.t(subscription.disabledAt ? TEXT.disabled : TEXT.active)}</span>
        {subscription.disabledReason ? <><br />{subscription.disabledReason}</> : null}
        {subscription.consecutiveFailures > 0 ? <><br />{ctx.t(TEXT.failures).replace('{n}', String(subscription.consecutiveFailures))}</> : null}
      </td>
      <td>
        {deliveries.length === 0 ? ctx.t(TEXT.noDeliveries) : <ul>{deliveries.map((d) => <li>{deliveryText(ctx, d, result.attempts)}</li>)}</ul>}
      </td>
      <td>
        {subscription.disabledAt ? action('enable', TEXT.enable) : null}
        {action('delete', TEXT.delete)}
      </td>
    </tr>
  )
}

function Outcome({ ctx, result }: { ctx: PageContext; result: WebhookResult }) {
  if (result.refusal) return <p id="webhook-status" class="notice notice-warn" role="alert">{result.refusal}</p>
  const done = result.done
  if (!done) return null
  if (done.kind === 'created') {
    return (
      <div id="webhook-status" class="notice notice-ok" role="status">
        <p>{ctx.t(TEXT.secretIntro)}</p>
        <p><code id="webhook-secret">{done.secret}</code></p>
      </div>
    )
  }
  return <p id="webhook-status" class="notice notice-ok" role="status">{ctx.t(TEXT[done.kind])}</p>
}

/**
 * The webhook part of /account: forms that work without JavaScript (they post to /account/webhooks, which
 * answers with this page, the key's subscriptions listed), and, after such a post, what it did and the list.
 */
export function WebhookSection({ ctx, result }: { ctx: PageContext; result?: WebhookResult }) {
  const { t } = ctx
  const field = (name: 'datasets' | 'themes' | 'providers') => (
    <div class="form-row">
      <label for={`webhook-${name}`}>{t(TEXT[name])}</label>
      <input id={`webhook-${name}`} name={name} type="text" autocomplete="off" />
    </div>
  )
  return (
    <section id="webhooks-section" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading" tabindex={-1}>{t(TEXT.heading)}</h2>
      <p>{t(TEXT.intro)}</p>
      <p class="muted">{t(TEXT.keyNote)}</p>
      {result ? <Outcome ctx={ctx} result={result} /> : null}
      <form id="webhook-list-form" method="post" action={ctx.link('/account/webhooks')} autocomplete="off">
        <KeyField ctx={ctx} id="webhook-key-list" />
        <div class="form-row"><button type="submit" name="action" value="list">{t(TEXT.show)}</button></div>
      </form>
      {result && !result.refusal ? (
        result.subscriptions.length === 0 ? <p class="muted">{t(TEXT.none)}</p> : (
          <div class="table-wrap" tabindex={0} role="region" aria-label={t(TEXT.listCaption)}>
            <table id="webhooks">
              <caption class="visually-hidden">{t(TEXT.listCaption)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(TEXT.url)}</th>
                  <th scope="col">{t(TEXT.filters)}</th>
                  <th scope="col">{t(TEXT.status)}</th>
                  <th scope="col">{t(TEXT.recent)}</th>
                  <th scope="col">{t(TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {result.subscriptions.map((subscription, n) => <SubscriptionRow ctx={ctx} subscription={subscription} result={result} n={n} />)}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <h3>{t(TEXT.createHeading)}</h3>
      <form id="webhook-create-form" method="post" action={ctx.link('/account/webhooks')} autocomplete="off">
        <KeyField ctx={ctx} id="webhook-key-create" />
        <div class="form-row">
          <label for="webhook-url">{t(TEXT.url)}</label>
          <input id="webhook-url" name="url" type="url" required placeholder="https://" />
        </div>
        <fieldset>
          <legend>{t(TEXT.events)}</legend>
          {CATALOG_EVENT_TYPES.map((type) => (
            <label class="check-line"><input type="checkbox" name="events" value={type} checked={type !== 'dataset.created'} /> {t(EVENT_NAMES[type])} <code>{type}</code></label>
          ))}
        </fieldset>
        {field('datasets')}
        {field('themes')}
        {field('providers')}
        <div class="form-row"><button type="submit" name="action" value="create">{t(TEXT.create)}</button></div>
      </form>
    </section>
  )
}
