// The parts of podcast-feed-parser (1.0.4, no types of its own) the tests read.
declare module 'podcast-feed-parser' {
  interface PodcastMeta {
    title?: string
    author?: string
    categories?: string[]
    owner?: { name?: string; email?: string }
    explicit?: boolean
    imageURL?: string
  }
  interface PodcastEpisode {
    title?: string
    enclosure?: { url?: string; type?: string; length?: string }
    duration?: number
  }
  export function getPodcastFromFeed(
    feed: string,
    params?: unknown,
  ): { meta: PodcastMeta; episodes: PodcastEpisode[] }
}
