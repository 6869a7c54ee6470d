import type { DialectName } from '../store/query-types.ts'
import type { Dialect } from './dialect.ts'
import { POSTGRES_DIALECT } from './dialects/postgres.ts'
import { SQLITE_DIALECT } from './dialects/sqlite.ts'

/** The builder for each kind of version table a store hands out (VersionTable.dialect). */
export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  sqlite: SQLITE_DIALECT,
  postgres: POSTGRES_DIALECT,
}
