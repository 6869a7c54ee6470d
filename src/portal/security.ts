/**
 * The portal's Content-Security-Policy: everything from this origin, nothing inline, nothing from a
 * CDN. A string a catalog steward wrote cannot run even if some future view forgot to escape it,
 * because no inline script or handler attribute is allowed. Styles set from script through the
 * CSSOM (ECharts' tooltips) are not governed by style-src and need no exception.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
} as const

/** The same policy as a header value, for HTML answered outside the portal's plugin (the site-wide 404). */
export const CONTENT_SECURITY_POLICY_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .filter(([, sources]) => sources !== null)
  .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${(sources as readonly string[]).join(' ')}`)
  .join('; ')
