/** Default of GONGKAI_QUERY_BUDGET_MS: the time one query may take from its request's arrival. */
export const DEFAULT_QUERY_BUDGET_MS = 2000

/**
 * Defaults of GONGKAI_QUERY_QUEUE and GONGKAI_QUERY_PER_CALLER, for the stores' query runners too:
 * a line of 32 is a few budgets' worth of scans on a small machine, and 4 at once lets one page's
 * worth of a dashboard's queries in while 40 connections from one key get no further.
 */
export const DEFAULT_QUEUE_LENGTH = 32
export const DEFAULT_PER_CALLER = 4
