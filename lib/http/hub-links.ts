/**
 * WebSub discovery in HTTP (W3C WebSub §4): a feed response carries `Link: <hub>; rel="hub"` for
 * each hub and `<topic>; rel="self"`, on 200 and 304 alike (a subscriber may discover from either).
 * The topic is the feed's own `rel="self"`, the same URL its body names and the hubs are pinged with,
 * so a subscriber that discovered it is the one the pings reach.
 */
export function hubLinkHeader(hubs: readonly string[], selfUrl: string): string | undefined {
  if (hubs.length === 0) return undefined
  // URLs the parser wrote (config, SITE_URL) hold no `<`, `>` or space, which would end the reference.
  return [...hubs.map((hub) => `<${hub}>; rel="hub"`), `<${selfUrl}>; rel="self"`].join(', ')
}

/** `headers` with the hub links added; the same object when there are no hubs. */
export function withHubLinks(
  headers: Readonly<Record<string, string>>,
  hubs: readonly string[],
  selfUrl: string,
): Readonly<Record<string, string>> {
  const link = hubLinkHeader(hubs, selfUrl)
  return link === undefined ? headers : { ...headers, Link: link }
}
