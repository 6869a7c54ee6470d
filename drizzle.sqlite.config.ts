import { defineConfig } from 'drizzle-kit'

/** `npm run db:generate` turns changes of the embedded store's tables into a new migration (committed). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/sqlite/tables.ts',
  out: './src/store/sqlite/migrations',
})
