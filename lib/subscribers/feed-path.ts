/**
 * The feed a request path reads, with all its variants folded together: the three formats, paged
 * `?before=` requests and `?content=summary` (the query is not looked at), with or without a
 * trailing slash. `/rss.xml` → `/`, `/categories/world/atom.xml/` → `/categories/world/`.
 * Undefined for anything that is not a feed.
 */
export function feedPathOf(pathname: string): string | undefined {
  if (pathname.length > maxFeedPathLength || !pathname.startsWith('/')) return undefined
  const trimmed = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  const cut = trimmed.lastIndexOf('/')
  if (!feedFiles.has(trimmed.slice(cut + 1))) return undefined
  const base = trimmed.slice(0, cut + 1)
  if (base === '/') return base
  const parts = base.split('/')
  // '', 'categories' | 'authors', '{slug}', ''
  if (parts.length !== 4 || !scopes.has(parts[1] ?? '') || !parts[2]) return undefined
  return base
}

/** Longer paths are no feed of this site (slugs are capped well below). */
export const maxFeedPathLength = 512

const feedFiles = new Set(['rss.xml', 'atom.xml', 'feed.json'])
const scopes = new Set(['categories', 'authors'])
