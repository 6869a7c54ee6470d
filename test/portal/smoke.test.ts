import t from 'tap'
import { makePortal } from '../helpers/portal.ts'

t.test('home is a page', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.headers['content-security-policy'], /script-src 'self'/)
  t.match(res.body, /^<!doctype html><html lang="zh-CN">/)
  const css = /href="(\/assets\/portal-[^"]+\.css)"/.exec(res.body)?.[1]
  t.ok(css)
  const asset = await app.inject({ url: css! })
  t.equal(asset.statusCode, 200)
  t.match(asset.headers['cache-control'], /immutable/)
  const missing = await app.inject({ url: '/nope', headers: { accept: 'text/html' } })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /text\/html/)
  const api = await app.inject({ url: '/api/v1/nope', headers: { accept: 'text/html' } })
  t.match(api.headers['content-type'], /problem\+json/)
})
