/**
 * What a SQLite database's schema means, not how its SQL was spelled: two databases made by different
 * migrations (hand-written then, drizzle-kit's now) compare equal when they hold the same tables, columns,
 * keys, checks and indexes.
 */
import type Database from 'better-sqlite3'

/** The text inside each CHECK ( … ), spaces and identifier quotes dropped. */
export function checksOf(createSql: string): string[] {
  const checks: string[] = []
  for (const match of createSql.matchAll(/CHECK\s*\(/gi)) {
    let depth = 1
    let end = match.index + match[0].length
    for (; depth > 0 && end < createSql.length; end++) depth += createSql[end] === '(' ? 1 : createSql[end] === ')' ? -1 : 0
    checks.push(normalise(createSql.slice(match.index + match[0].length, end - 1)))
  }
  return checks.sort()
}

function normalise(sql: string): string {
  return sql.replace(/[`"]/g, '').replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim()
}

export function schemaOf(db: Database.Database): Record<string, unknown> {
  const objects = db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name`)
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[]
  const virtual = new Set(objects.filter((o) => /^CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name))
  const schema: Record<string, unknown> = {}
  for (const { type, name, sql } of objects) {
    if ([...virtual].some((v) => name.startsWith(`${v}_`))) continue // a virtual table's shadow tables follow from it
    if (virtual.has(name)) schema[name] = normalise(sql ?? '')
    else if (type === 'table') {
      schema[name] = {
        // SQLite lets a non-INTEGER primary key hold NULL unless told NOT NULL; no row of ours has a NULL key
        columns: (db.pragma(`table_xinfo(${name})`) as { type: string; notnull: number; pk: number }[]).map((c) => ({ ...c, type: String(c.type).toLowerCase(), notnull: c.notnull || Number(c.pk > 0),
        })),
        foreignKeys: db.pragma(`foreign_key_list(${name})`),
        checks: checksOf(sql ?? ''),
        autoincrement: /AUTOINCREMENT/i.test(sql ?? ''),
      }
    } else if (type === 'index') {
      schema[`index ${name}`] = {
        on: (objects.find((o) => o.name === name) as { tbl_name: string }).tbl_name,
        columns: db.pragma(`index_xinfo(${name})`),
        unique: /^CREATE UNIQUE/i.test(sql ?? ''),
        where: normalise(/\bWHERE\b(.*)$/is.exec(sql ?? '')?.[1] ?? ''),
      }
    }
  }
  return schema
}
