import { pageStyleHash } from './page-style.ts'

/**
 * Response headers for every HTML page. There is no `script-src`, so `default-src 'none'` forbids
 * every script, inline or from content; the JSON-LD block is data and is never executed. The only
 * inline style allowed is the page stylesheet, by its hash. Images may come from anywhere, since
 * article content links to images on other hosts.
 */
export const pageSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': [
    "default-src 'none'",
    'img-src https: http: data:',
    `style-src ${pageStyleHash}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
})
