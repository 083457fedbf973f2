import { readSiteUrl } from '../functions/site-url.ts'
import { readPublicConfig } from '../lib/config/function-configs.ts'

/**
 * The bare bundle (`bare-function.ts`) with the one thing the public function does at start before
 * any of its own code: it reads and checks its configuration and its site URL, exactly as
 * `functions/public.ts` does (the site URL's SSM fallback with it, a chunk of its own). A row of the
 * cold-start section beside `bare`: how much of the public function's ratio is its configuration
 * alone, before a route, a cache or a renderer is loaded.
 */
readPublicConfig(process.env)
await readSiteUrl(process.env)

export { handler } from './bare-function.ts'
