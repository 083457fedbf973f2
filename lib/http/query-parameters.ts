/**
 * Every query parameter a public path takes (`canonical-url.ts` says which path takes which; any
 * other is a 400). The CDN keys its cache on exactly these (`cdk/constructs/feed-distribution.ts`),
 * so a parameter the app reads can never be dropped at the edge and answered from another page's copy.
 * - `before`: feed and page cursors;
 * - `content`: a feed's summary variant;
 * - `after`: later pages of the category and author lists and of `/feeds.opml` (its categories);
 * - `authors-after`: later pages of `/feeds.opml` (its authors);
 * - `topic`, `author`: whose feeds a subscribe page offers.
 */
export const publicQueryParameters = [
  'before',
  'content',
  'after',
  'authors-after',
  'topic',
  'author',
] as const

export type PublicQueryParameter = (typeof publicQueryParameters)[number]
