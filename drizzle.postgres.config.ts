import { defineConfig } from 'drizzle-kit'

/**
 * drizzle-kit's view of the PostgreSQL store: `npx drizzle-kit generate --config drizzle.postgres.config.ts`
 * writes the next migration from src/store/postgres/tables.ts; the store applies them when it opens (migrate.ts).
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres/tables.ts',
  out: './src/store/postgres/migrations',
})
