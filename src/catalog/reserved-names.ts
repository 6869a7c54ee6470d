/**
 * Names a field cannot have, because a filter on it could not be written (`?name=…`) or would collide
 * with the API's own parameters.
 *
 * QUERY_KEY_PARAMS are where a careless client puts an API key in a URL; the API refuses them in the
 * query string (access/credentials.ts), so a field of that name could never be filtered on.
 */
export const QUERY_KEY_PARAMS: readonly string[] = ['api_key', 'key', 'apikey', 'token']

export function reservedFieldName(name: string): string | undefined {
  if (name.startsWith('_')) return `"${name}" starts with "_", which is reserved for the API's control parameters (_sort, _limit, …) and internal columns`
  if (QUERY_KEY_PARAMS.includes(name)) return `"${name}" is reserved: the API refuses it as a query parameter, where it would be an API key sent in the URL`
  return undefined
}
