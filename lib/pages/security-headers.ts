import { pageStyleHash } from './page-style.ts'

/**
 * Response headers for every HTML page. There is no `script-src`, so `default-src 'none'` forbids
 * every script, inline or from content; the JSON-LD block is data and is never executed. The only
 * inline style allowed is the page stylesheet, by its hash. Images, video and audio may come from
 * anywhere on the web, since article content embeds them from other hosts: the sanitiser keeps
 * `<img>`, `<picture>`, `<video>`, `<audio>` and `<source>` with http(s) URLs, and this policy lets
 * every one of them load (a `poster` is an image).
 */
export const pageSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': [
    "default-src 'none'",
    'img-src https: http: data:',
    'media-src https: http:',
    `style-src ${pageStyleHash}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
})
