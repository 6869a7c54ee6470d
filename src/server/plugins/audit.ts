import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDataRoute } from '../../access/data-routes.ts'
import { requiresGrant } from '../../access/policy.ts'
import type { AccessStore, AuditEntry } from '../../store/access-types.ts'

/** What a data route knows about what it served; everything is optional, the plugin fills in the rest. */
export interface AuditDetails {
  datasetId?: string
  version?: number
  rows?: number
  bytes?: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a data route to make its audit entry precise (version read, rows served). */
    auditRecord: AuditDetails | null
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : undefined
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined
}

/**
 * The audit log of conditional data (SPEC §3): every successful read of a dataset that needs a grant,
 * by any data route, is recorded after the response with time, key, dataset, version, route and the
 * rows or bytes served. Routes stay thin: they may describe what they served in `request.auditRecord`;
 * otherwise the version comes from the URL, the X-Dataset-Version header or is the current one, and
 * bytes from Content-Length.
 */
export default fp(
  async function auditPlugin(app: FastifyInstance, options: { access: AccessStore }) {
    const { access } = options
    app.decorateRequest('auditRecord', null)

    async function entryFor(request: FastifyRequest, reply: FastifyReply): Promise<AuditEntry | undefined> {
      // HEAD serves no data; errors and 304s serve none either
      if (request.method === 'HEAD' || reply.statusCode < 200 || reply.statusCode >= 300) return undefined
      if (!isDataRoute(request.routeOptions.url, request.routeOptions.config)) return undefined
      const params = request.params as Record<string, unknown>
      const details = request.auditRecord ?? {}
      const datasetId = details.datasetId ?? (typeof params.id === 'string' ? params.id : undefined)
      // conditional data is only served to keys holding a grant for it (denyRead): without one there is
      // nothing to audit, and the common case costs no store read
      if (!datasetId || !request.caller.grantedDatasets?.has(datasetId)) return undefined
      const dataset = await app.store.getDataset(datasetId)
      if (!dataset || !requiresGrant(dataset.entry)) return undefined
      const version = details.version ?? numberOrUndefined(params.v ?? params.version) ?? numberOrUndefined(reply.getHeader('x-dataset-version'))
        ?? dataset.current?.version
      const bytes = details.bytes ?? numberOrUndefined(reply.getHeader('content-length'))
      return {
        at: new Date().toISOString(),
        ...(request.caller.keyId ? { keyId: request.caller.keyId } : {}),
        datasetId,
        ...(version !== undefined ? { version } : {}),
        route: `${request.method} ${request.routeOptions.url}`,
        status: reply.statusCode,
        ...(details.rows !== undefined ? { rows: details.rows } : {}),
        ...(bytes !== undefined ? { bytes } : {}),
      }
    }

    app.addHook('onResponse', async (request, reply) => {
      try {
        const entry = await entryFor(request, reply)
        if (entry) await access.appendAudit(entry)
      } catch (error) {
        request.log.error({ err: error }, 'audit entry not written')
      }
    })
  },
  { name: 'gongkai-audit', dependencies: ['request-caller', 'store'] },
)
