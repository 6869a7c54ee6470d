/**
 * What the account and apply scripts ask the API, with the saved key (key-store.ts apiFetch): the
 * key's standing (GET /api/v1/me), its applications (GET /api/v1/applications), and applying
 * (POST /api/v1/datasets/{id}/applications). Types are the API's own schemas.
 */
import type { Static } from '@sinclair/typebox'
import type { Application, MeResponse } from '../../server/schemas/access.ts'
import { apiFetch, problemDetail } from './key-store.ts'

export type Me = Static<typeof MeResponse>
export type ApplicationItem = Static<typeof Application>

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; detail: string }

async function answer<T>(response: Response): Promise<Answer<T>> {
  if (response.ok) return { ok: true, value: (await response.json()) as T }
  return { ok: false, status: response.status, detail: await problemDetail(response) }
}

async function request<T>(path: string, init?: RequestInit): Promise<Answer<T>> {
  try {
    return await answer<T>(await apiFetch(path, init))
  } catch (error) {
    // the network, not the server: offline, or the server went away
    return { ok: false, status: 0, detail: error instanceof Error ? error.message : String(error) }
  }
}

export interface Account {
  me: Me
  applications: ApplicationItem[]
}

/** The saved key's standing and applications; the first refusal (401 for a wrong key) when either fails. */
export async function loadAccount(): Promise<Answer<Account>> {
  // /me first: a wrong key then costs one failed authentication, not two
  const me = await request<Me>('/api/v1/me')
  if (!me.ok) return me
  const applications = await request<{ items: ApplicationItem[] }>('/api/v1/applications')
  if (!applications.ok) return applications
  return { ok: true, value: { me: me.value, applications: applications.value.items } }
}

export function submitApplication(dataset: string, purpose: string): Promise<Answer<ApplicationItem>> {
  return request<ApplicationItem>(`/api/v1/datasets/${encodeURIComponent(dataset)}/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ purpose, accept_agreement: true }),
  })
}

/**
 * The titles of these datasets in the page language (title_en where a steward wrote one), from their
 * public metadata; a dataset whose metadata cannot be read keeps its id.
 */
export async function datasetTitles(ids: readonly string[], lang: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>()
  await Promise.all([...new Set(ids)].map(async (id) => {
    const answer = await request<{ title?: unknown; title_en?: unknown }>(`/api/v1/datasets/${encodeURIComponent(id)}`)
    if (!answer.ok) return
    const { title, title_en: titleEn } = answer.value
    const chosen = lang.startsWith('en') && typeof titleEn === 'string' && titleEn ? titleEn : title
    if (typeof chosen === 'string' && chosen) titles.set(id, chosen)
  }))
  return titles
}
