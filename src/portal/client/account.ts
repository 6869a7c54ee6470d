/**
 * The account page (/account): saves a pasted key in sessionStorage (key-store.ts), shows what the
 * API says about it — tier, limits and what remains, grants, applications — and forgets it on
 * request. A key the server refuses is not kept. Every text comes from the page (data-text).
 */
import './portal.ts'
import { datasetTitles, loadAccount, type Account } from './account-api.ts'
import { announce, element, replaceContent, row } from './account-dom.ts'
import { countText, deadlineText, durationText, expiryText, fill, instantText, parseText, replyText, statusText, tierText } from './account-format.ts'
import type { AccountText } from './account-text.ts'
import { forgetKey, savedKey, saveKey } from './key-store.ts'
import { fillWebhookKeys } from './webhook-forms.ts'

function setUp(): void {
  const section = document.getElementById('key-section')
  const form = document.getElementById('key-form') as HTMLFormElement | null
  const input = document.getElementById('api-key') as HTMLInputElement | null
  const forget = document.getElementById('forget-key') as HTMLButtonElement | null
  const status = document.getElementById('account-status')
  const summary = document.getElementById('key-summary')
  const details = document.getElementById('key-details')
  const summaryHeading = document.getElementById('summary-heading')
  const grantsSection = document.getElementById('grants-section')
  const grantsBody = document.querySelector('#grants tbody')
  const noGrants = document.getElementById('no-grants')
  const applicationsSection = document.getElementById('applications-section')
  const applicationsBody = document.querySelector('#applications tbody')
  const noApplications = document.getElementById('no-applications')
  const text = parseText<AccountText>(section?.dataset.text)
  if (!section || !form || !input || !forget || !status || !summary || !details || !grantsSection || !grantsBody || !noGrants || !applicationsSection || !applicationsBody || !noApplications || !text) return
  const datasetHref = section.dataset.datasetHref ?? '/datasets/{id}'
  const locale = document.documentElement.lang || 'zh-CN'
  const count = (n: number) => countText(n, locale)
  const datasetLink = (id: string) => element('a', { href: fill(datasetHref, { id: encodeURIComponent(id) }), 'data-dataset': id }, id)

  /** Dataset links show the dataset's title once its metadata arrives (the id until then, or if it cannot be read). */
  async function showTitles(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return
    const titles = await datasetTitles(ids, locale)
    for (const link of document.querySelectorAll<HTMLAnchorElement>('#grants a[data-dataset], #applications a[data-dataset]')) {
      const title = titles.get(link.dataset.dataset ?? '')
      if (title) link.textContent = title
    }
  }

  function clear(): void {
    summary!.hidden = true
    grantsSection!.hidden = true
    applicationsSection!.hidden = true
    forget!.hidden = true
    replaceContent(details!)
    replaceContent(grantsBody!)
    replaceContent(applicationsBody!)
  }

  function show({ me, applications }: Account): void {
    const entry = (term: string, value: string) => [element('dt', {}, term), element('dd', {}, value)]
    replaceContent(
      details!,
      ...entry(text!.keyName, me.key.name),
      ...entry(text!.keyId, me.key.id),
      ...entry(text!.tier, tierText(text!, me.key.tier)),
      ...entry(text!.limits, fill(text!.limitsValue, { requests: count(me.limits.requests_per_minute), downloads: count(me.limits.downloads_per_hour) })),
      element('dt', {}, text!.remaining),
      element(
        'dd',
        {},
        fill(text!.remainingRequests, { n: count(me.remaining.requests), reset: durationText(text!, me.remaining.requests_reset_in) }),
        element('br'),
        fill(text!.remainingDownloads, { n: count(me.remaining.downloads), reset: durationText(text!, me.remaining.downloads_reset_in) }),
      ),
      ...entry(text!.expiry, expiryText(text!, me.key.expires_at)),
      ...entry(text!.created, instantText(me.key.created_at)),
      ...entry(text!.lastUsed, me.key.last_used_at ? instantText(me.key.last_used_at) : text!.neverUsed),
    )
    const decidedOn = new Map(applications.map((a) => [a.id, a.decided_at]))
    replaceContent(
      grantsBody!,
      ...me.grants.map((g) => row([datasetLink(g.dataset), instantText(decidedOn.get(g.application_id) ?? null).slice(0, 10), expiryText(text!, g.expires_at)], true)),
    )
    noGrants!.textContent = text!.noGrants
    noGrants!.hidden = me.grants.length > 0
    grantsBody!.closest('.table-wrap')?.toggleAttribute('hidden', me.grants.length === 0)
    replaceContent(
      applicationsBody!,
      ...applications.map((a) => row([
        datasetLink(a.dataset),
        a.purpose,
        element('span', { class: `status-${a.status}` }, statusText(text!, a.status)),
        instantText(a.submitted_at),
        deadlineText(text!, a.due_by, a.status === 'pending'),
        replyText(text!, a),
        a.decided_at ? instantText(a.decided_at) : text!.notDecided,
      ], true)),
    )
    noApplications!.textContent = text!.noApplications
    noApplications!.hidden = applications.length > 0
    applicationsBody!.closest('.table-wrap')?.toggleAttribute('hidden', applications.length === 0)
    summary!.hidden = false
    grantsSection!.hidden = false
    applicationsSection!.hidden = false
    forget!.hidden = false
    void showTitles([...me.grants.map((g) => g.dataset), ...applications.map((a) => a.dataset)])
  }

  /** Loads the saved key's account; a refused key is forgotten. `fresh`: the key was just pasted. */
  async function load(fresh: boolean): Promise<void> {
    announce(status!, [text!.checking])
    const account = await loadAccount()
    if (account.ok) {
      show(account.value)
      announce(status!, [text!.loaded], { kind: 'success' })
      if (fresh) summaryHeading?.focus()
      return
    }
    if (account.status === 401) {
      forgetKey()
      fillWebhookKeys()
      clear()
      input!.setAttribute('aria-invalid', 'true')
      announce(status!, [fill(text!.refused, { detail: account.detail })], { kind: 'error', focus: fresh })
      return
    }
    // a limit or an outage says nothing about the key: keep it, say what happened
    announce(status!, [fill(text!.failed, { detail: account.detail })], { kind: 'error', focus: fresh })
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    input.removeAttribute('aria-invalid')
    let saved: boolean
    try {
      saved = saveKey(input.value)
    } catch (error) {
      // storage refused (disabled, full): say so rather than pretend the key is kept
      announce(status, [fill(text.failed, { detail: error instanceof Error ? error.message : String(error) })], { kind: 'error' })
      return
    }
    if (!saved) {
      input.setAttribute('aria-invalid', 'true')
      announce(status, [text.notAKey], { kind: 'error' })
      input.focus()
      return
    }
    input.value = ''
    fillWebhookKeys()
    void load(true)
  })

  forget.addEventListener('click', () => {
    forgetKey()
    fillWebhookKeys()
    clear()
    input.value = ''
    announce(status, [text.forgotten], { kind: 'success' })
    input.focus()
  })

  for (const button of form.querySelectorAll<HTMLButtonElement>('button[type=submit]')) button.disabled = false
  fillWebhookKeys()
  if (savedKey()) void load(false)
}

setUp()
