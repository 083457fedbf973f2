/**
 * The page renderers (lib/pages/page-renderers.ts), loaded by the first HTML page an instance
 * answers (issue 20.7): most cold starts meet a feed reader, whose request needs none of them, and
 * a split bundle only parses a chunk when it is first imported.
 * tests/functions/cold-start-deferred.test.ts fails when a page renderer is loaded at start again.
 */
export function loadPageRenderers(): Promise<typeof import('../pages/page-renderers.ts')> {
  return import('../pages/page-renderers.ts')
}
