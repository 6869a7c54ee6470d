import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import compress from '@fastify/compress'
import helmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import type { Theme } from '../catalog/schema.ts'
import { HttpProblem } from '../server/problem.ts'
import { validationErrors, type ValidationIssue } from '../server/validation-errors.ts'
import { ASSETS_PREFIX, loadAssetManifest, type AssetManifest } from './assets.ts'
import { pageContext, type PageContext } from './context.ts'
import { ErrorPage } from './pages/error.tsx'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from './security.ts'
import { sendPage } from './send-page.ts'
import { wantsHtml } from './wants-html.ts'
import homeRoutes from './routes/home.ts'
import searchRoutes from './routes/search.ts'
import datasetPageRoutes from './routes/dataset.ts'
import accountRoutes from './routes/account.ts'
import accountWebhookRoutes from './routes/account-webhooks.ts'

export interface PortalOptions {
  /** The theme taxonomy (catalog/_themes.yaml): navigation, facet labels and their English names. */
  themes: readonly Theme[]
  /** Built assets (scripts/build-assets.ts); dist/assets unless given. */
  assetsDir?: string
}

/** What the portal's route plugins are given: how to build a page context, and the theme taxonomy. */
export interface PortalRouteOptions {
  context(request: FastifyRequest): PageContext
  themes: readonly Theme[]
}

/**
 * An HTML error page for a browser, or undefined for anyone else (the caller answers them with a
 * problem). Used by the portal's own routes and, through buildApp, by the site-wide 404 and error
 * handlers, so that a mistyped portal URL gets a page with a way back instead of JSON.
 */
export type BrowserErrorPage = (request: FastifyRequest, reply: FastifyReply, status: number, detail: string) => boolean

export function browserErrorPages(options: PortalOptions): BrowserErrorPage {
  const manifest = loadAssetManifest(options.assetsDir)
  return (request, reply, status, detail) => {
    if (!wantsHtml(request)) return false
    const ctx = pageContext(request, manifest, options.themes)
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY_HEADER)
    reply.header('x-content-type-options', 'nosniff')
    sendPage(reply, ErrorPage({ ctx, status, detail }), status)
    return true
  }
}

function errorStatusAndDetail(error: FastifyError): { status: number; detail: string } {
  if (error instanceof HttpProblem) return { status: error.status, detail: error.detail }
  if (error.validation) {
    const errors = validationErrors(error.validation as ValidationIssue[], error.validationContext)
    return { status: 400, detail: errors.map((e) => `${e.path}: ${e.message}`).join('; ') }
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return { status, detail: error.message }
  return { status: 500, detail: 'an unexpected error occurred; it has been logged' }
}

/**
 * The public web portal (SPEC §8): server-rendered pages over the same store as the API, enhanced by
 * small scripts. Encapsulated: its security headers and HTML error handling apply to its pages and
 * assets only; the API keeps its own.
 */
export default async function portal(app: FastifyInstance, options: PortalOptions): Promise<void> {
  const manifest: AssetManifest = loadAssetManifest(options.assetsDir)
  // Pages (~10-60 KB of HTML) and scripts/styles are text: brotli or gzip as Accept-Encoding asks,
  // nothing under 1 KB. Registered here, first: its onSend hook then covers @fastify/static's assets
  // and every page route below, and only them (the API's byte-exact bodies and ranged downloads are
  // outside this context). Portal pages take no request bodies, so nothing is decompressed.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, globalDecompression: false })
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    crossOriginEmbedderPolicy: false,
    hsts: false,
  })
  await app.register(fastifyStatic, {
    root: manifest.dir,
    prefix: ASSETS_PREFIX,
    // every name carries its content hash: a changed file is a new URL
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
    index: false,
    allowedPath: (path) => !path.endsWith('manifest.json'),
  })
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, detail } = errorStatusAndDetail(error)
    if (status >= 500) request.log.error({ err: error }, 'unhandled error')
    const ctx = pageContext(request, manifest, options.themes)
    return sendPage(reply, ErrorPage({ ctx, status, detail }), status)
  })
  const routeOptions: PortalRouteOptions = {
    context: (request) => pageContext(request, manifest, options.themes),
    themes: options.themes,
  }
  await app.register(homeRoutes, routeOptions)
  await app.register(searchRoutes, routeOptions)
  await app.register(datasetPageRoutes, routeOptions)
  await app.register(accountRoutes, routeOptions)
  if (app.hasDecorator('webhooks')) await app.register(accountWebhookRoutes, routeOptions)
}

