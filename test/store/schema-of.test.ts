import Database from 'better-sqlite3'
import t from 'tap'
import { schemaOf } from './schema-of.ts'

const BASE = `CREATE TABLE k (id TEXT PRIMARY KEY);
  CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL REFERENCES k (id), s TEXT NOT NULL CHECK (s IN ('x', 'y')));
  CREATE UNIQUE INDEX a_one ON a (k, s) WHERE s = 'x';
  CREATE VIRTUAL TABLE f USING fts5 (id UNINDEXED, body, tokenize = 'trigram');`

function schema(sql: string): Record<string, unknown> {
  const db = new Database(':memory:')
  db.exec(sql)
  return schemaOf(db)
}

t.test('the same schema spelled as drizzle-kit spells it compares equal', async (t) => {
  const drizzleSpelling = `CREATE TABLE \`k\` (\`id\` text PRIMARY KEY NOT NULL);
    CREATE TABLE \`a\` (\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL, \`k\` text NOT NULL, \`s\` text NOT NULL,
      FOREIGN KEY (\`k\`) REFERENCES \`k\`(\`id\`) ON UPDATE no action ON DELETE no action, CONSTRAINT "a_s" CHECK(s IN ('x', 'y')));
    CREATE UNIQUE INDEX \`a_one\` ON \`a\` (\`k\`,\`s\`) WHERE s = 'x';
    CREATE VIRTUAL TABLE f USING fts5 (id UNINDEXED, body, tokenize = 'trigram');`
  t.same(schema(drizzleSpelling), schema(BASE))
})

const DIFFERENCES: [string, string][] = [
  ['a check allowing other values', BASE.replace("IN ('x', 'y')", "IN ('x')")],
  ['no check', BASE.replace(" CHECK (s IN ('x', 'y'))", '')],
  ['no foreign key', BASE.replace(' REFERENCES k (id)', '')],
  ['a nullable column', BASE.replace('k TEXT NOT NULL', 'k TEXT')],
  ['another column type', BASE.replace('k TEXT NOT NULL', 'k INTEGER NOT NULL')],
  ['no AUTOINCREMENT', BASE.replace(' AUTOINCREMENT', '')],
  ['an index that is not unique', BASE.replace('UNIQUE INDEX', 'INDEX')],
  ['an index that is not partial', BASE.replace(" WHERE s = 'x'", '')],
  ['an index on other columns', BASE.replace('ON a (k, s)', 'ON a (s, k)')],
  ['no index', BASE.replace(/CREATE UNIQUE INDEX.*;/, '')],
  ['a search table tokenised otherwise', BASE.replace(", tokenize = 'trigram'", '')],
  ['one more table', `${BASE} CREATE TABLE b (id TEXT);`],
]

for (const [difference, sql] of DIFFERENCES) {
  t.test(`a schema with ${difference} compares different`, async (t) => {
    t.notSame(schema(sql), schema(BASE))
  })
}
