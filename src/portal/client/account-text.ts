/**
 * The words the account and apply scripts write into the page, in both languages. The page embeds
 * one language of a table as JSON in a data-text attribute (scriptText), so the scripts carry no
 * strings of their own and always speak the page's language. `{name}` marks a value filled in by
 * the script (fill in account-format.ts).
 */
import type { Bilingual, Lang } from '../i18n/lang.ts'

export const ACCOUNT_SCRIPT_TEXT = {
  checking: { zh: '正在核对密钥……', en: 'Checking the key…' },
  notAKey: {
    zh: '这不像是 API Key（格式为 gk_<编号>_<密钥>），未保存。',
    en: 'This does not look like an API key (gk_<id>_<secret>); nothing was saved.',
  },
  loaded: {
    zh: '密钥有效，已保存在本浏览器标签页中（sessionStorage）；关闭标签页即忘记。',
    en: 'The key is valid and kept in this browser tab only (sessionStorage); closing the tab forgets it.',
  },
  refused: { zh: '服务器拒绝了此密钥，未保存：{detail}', en: 'The server refused this key, so it was not kept: {detail}' },
  failed: { zh: '无法读取账户信息：{detail}', en: 'Could not load the account: {detail}' },
  forgotten: { zh: '已忘记密钥：本标签页不再保存它。', en: 'Key forgotten: this tab no longer holds it.' },
  keyName: { zh: '名称', en: 'Name' },
  keyId: { zh: '密钥编号', en: 'Key id' },
  tier: { zh: '级别', en: 'Tier' },
  limits: { zh: '限额', en: 'Limits' },
  limitsValue: { zh: '每分钟 {requests} 次请求，每小时 {downloads} 次下载', en: '{requests} requests a minute, {downloads} downloads an hour' },
  remaining: { zh: '剩余', en: 'Remaining' },
  remainingRequests: { zh: '本分钟还可请求 {n} 次，{reset}后重置', en: '{n} requests left this minute, reset in {reset}' },
  remainingDownloads: { zh: '本小时还可下载 {n} 次，{reset}后重置', en: '{n} downloads left this hour, reset in {reset}' },
  seconds: { zh: '{n} 秒', en: '{n} s' },
  minutes: { zh: '{n} 分钟', en: '{n} min' },
  expiry: { zh: '有效期', en: 'Expiry' },
  noExpiry: { zh: '长期有效', en: 'Does not expire' },
  created: { zh: '创建时间', en: 'Created' },
  lastUsed: { zh: '最近使用', en: 'Last used' },
  neverUsed: { zh: '尚未使用', en: 'Not used yet' },
  tierRegistered: { zh: '注册用户', en: 'Registered' },
  tierPartner: { zh: '合作单位', en: 'Partner' },
  tierAdmin: { zh: '管理员', en: 'Administrator' },
  tierAnonymous: { zh: '匿名', en: 'Anonymous' },
  daysLeft: { zh: '{date}（还剩 {n} 天）', en: '{date} ({n} days left)' },
  oneDayLeft: { zh: '{date}（还剩 1 天）', en: '{date} (1 day left)' },
  lastDay: { zh: '{date}（今天是最后一天）', en: '{date} (today is the last day)' },
  lapsed: { zh: '{date}（已过期）', en: '{date} (expired)' },
  noGrants: { zh: '此密钥尚无数据授权。', en: 'This key holds no grants.' },
  noApplications: { zh: '此密钥尚未提交申请。', en: 'No applications made with this key.' },
  pending: { zh: '待答复', en: 'Awaiting reply' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Not approved' },
  overdue: { zh: '{date}（已逾期）', en: '{date} (overdue)' },
  replyApproved: { zh: '批准，授权至 {date}', en: 'Approved, grant through {date}' },
  replyRejected: { zh: '理由：{reason}', en: 'Reason: {reason}' },
  replyPending: { zh: '尚未答复', en: 'No reply yet' },
  notDecided: { zh: '—', en: '—' },
} as const satisfies Record<string, Bilingual>

export const APPLY_SCRIPT_TEXT = {
  noKey: { zh: '申请需要 API Key：请先在“我的账户”页保存您的密钥，再回到此处申请。', en: 'Applying needs an API key: save yours on the My account page first, then come back here.' },
  accountLink: { zh: '前往我的账户', en: 'Go to My account' },
  sending: { zh: '正在提交申请……', en: 'Submitting the application…' },
  submitted: {
    zh: '申请 {id} 已提交，答复期限为 {date}（20 个工作日内）。可在“我的账户”页查看进度。',
    en: 'Application {id} submitted. The reply is due by {date} (within 20 working days). Follow it on My account.',
  },
  refused: { zh: '申请未被受理：{detail}', en: 'The application was not accepted: {detail}' },
  badKey: { zh: '保存的密钥无效：{detail}', en: 'The saved key is not valid: {detail}' },
  purposeShort: { zh: '请至少用 {n} 个字说明用途。', en: 'Describe the purpose in at least {n} characters.' },
  hasGrant: {
    zh: '您保存的密钥已获得此数据集的授权，有效期至 {date}；如需续期，可再次申请。',
    en: 'Your saved key already holds a grant for this dataset, through {date}; apply again to renew it.',
  },
  hasPending: {
    zh: '您已于 {date} 提交申请 {id}，正在等待答复，答复期限为 {due}。',
    en: 'Your application {id} of {date} is awaiting a reply, due by {due}.',
  },
} as const satisfies Record<string, Bilingual>

export type ScriptText<T extends Record<string, Bilingual>> = { readonly [K in keyof T]: string }
export type AccountText = ScriptText<typeof ACCOUNT_SCRIPT_TEXT>
export type ApplyText = ScriptText<typeof APPLY_SCRIPT_TEXT>

/** One language of a table, as the page embeds it for its script. */
export function scriptText<T extends Record<string, Bilingual>>(table: T, lang: Lang): string {
  return JSON.stringify(Object.fromEntries(Object.entries(table).map(([name, text]) => [name, text[lang]])))
}
