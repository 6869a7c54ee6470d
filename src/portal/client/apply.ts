/**
 * The apply section of a conditionally open dataset's page: posts the purpose and the acceptance of
 * the use agreement with the saved key (POST /api/v1/datasets/{id}/applications), says when the reply
 * is due or why the application was refused, and tells a key holder who already has a grant or a
 * pending application for this dataset. Does nothing on pages without the section.
 */
import { loadAccount, submitApplication, type Account } from './account-api.ts'
import { announce, element } from './account-dom.ts'
import { fill, instantText, parseText } from './account-format.ts'
import type { ApplyText } from './account-text.ts'
import { savedKey } from './key-store.ts'

const MIN_PURPOSE = 10

function setUp(): void {
  const section = document.getElementById('apply')
  const form = document.getElementById('apply-form') as HTMLFormElement | null
  const purpose = document.getElementById('apply-purpose') as HTMLTextAreaElement | null
  const accept = document.getElementById('apply-accept') as HTMLInputElement | null
  const status = document.getElementById('apply-status')
  const standing = document.getElementById('apply-standing')
  const text = parseText<ApplyText>(section?.dataset.text)
  const dataset = section?.dataset.dataset
  if (!section || !form || !purpose || !accept || !status || !standing || !text || !dataset) return
  const accountHref = section.dataset.accountHref ?? '/account'
  const accountLink = () => element('a', { href: accountHref }, text.accountLink)
  const minPurpose = Number(purpose.getAttribute('minlength') ?? MIN_PURPOSE)

  /** What the saved key already has for this dataset: a running grant, a pending application. */
  function showStanding({ me, applications }: Account): void {
    const grant = me.grants.find((g) => g.dataset === dataset)
    const pending = applications.filter((a) => a.dataset === dataset && a.status === 'pending').at(-1)
    const lines: string[] = []
    if (grant) lines.push(fill(text!.hasGrant, { date: grant.expires_at }))
    if (pending) lines.push(fill(text!.hasPending, { id: pending.id, date: instantText(pending.submitted_at).slice(0, 10), due: pending.due_by }))
    standing!.textContent = lines.join(' ')
    standing!.hidden = lines.length === 0
  }

  async function refreshStanding(): Promise<void> {
    if (!savedKey()) {
      standing!.replaceChildren(text!.noKey, ' ', accountLink())
      standing!.hidden = false
      return
    }
    const account = await loadAccount()
    if (account.ok) showStanding(account.value)
    else {
      standing!.replaceChildren(fill(text!.badKey, { detail: account.detail }), ' ', accountLink())
      standing!.hidden = false
    }
  }

  let sending = false
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (sending) return
    if (!savedKey()) {
      announce(status, [text.noKey, ' ', accountLink()], { kind: 'error', focus: true })
      return
    }
    if ([...purpose.value.trim()].length < minPurpose) {
      purpose.setAttribute('aria-invalid', 'true')
      announce(status, [fill(text.purposeShort, { n: minPurpose })], { kind: 'error' })
      purpose.focus()
      return
    }
    purpose.removeAttribute('aria-invalid')
    sending = true
    announce(status, [text.sending])
    void submitApplication(dataset, purpose.value.trim()).then(async (answer) => {
      sending = false
      if (answer.ok) {
        form.reset()
        announce(status, [fill(text.submitted, { id: answer.value.id, date: answer.value.due_by }), ' ', accountLink()], { kind: 'success', focus: true })
        await refreshStanding()
        return
      }
      const message = answer.status === 401 ? fill(text.badKey, { detail: answer.detail }) : fill(text.refused, { detail: answer.detail })
      announce(status, answer.status === 401 ? [message, ' ', accountLink()] : [message], { kind: 'error', focus: true })
    })
  })

  for (const button of form.querySelectorAll<HTMLButtonElement>('button[type=submit]')) button.disabled = false
  void refreshStanding()
}

setUp()
