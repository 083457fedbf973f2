import { createServer } from 'node:net'
import { readConfig } from '../../lib/config.ts'
import { type LocalStack, startLocalStack } from '../local-stack.ts'
import { type MediaServer, startMediaServer } from './media-server.ts'

/**
 * What the browser tests look at and `npm run screenshots` photographs: the product as `npm start`
 * runs it (dynalite in-process, the sample article seeded), plus articles published through the
 * API whose images, video and sound come from a loopback server, and one full of the things that
 * push a page sideways on a phone. The list of pages is here once, for both.
 */

/**
 * Lead images must be https URLs, and no certificate is at hand: the browser context answers this
 * origin from the loopback media server (see `openShowcaseContext`), after the page's CSP has let
 * the request through as it would for any https image host.
 */
export const leadImageOrigin = 'https://images.example.test'

/** Viewports every page is looked at in. */
export const showcaseViewports = [
  {
    name: 'phone',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
  {
    name: 'desktop',
    viewport: { width: 1280, height: 800 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  },
] as const

export type ShowcaseViewport = (typeof showcaseViewports)[number]

/** Article input for the publish API, given where the media server answers. */
type ArticleFields = (mediaOrigin: string) => Record<string, unknown>

const longWord = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft'
const longUrl = `https://archive.example.org/records/${'0123456789abcdef'.repeat(8)}/${longWord}.pdf?download=true&format=original`

/** The articles published on top of the sample one, by the key pages name them with. */
export const showcaseArticles = {
  media: (media) => ({
    title: 'Harbour lights return as the old port reopens after two years of repairs',
    summary: 'Ferries, fishing boats and the evening market are back on the quay, with a new sea wall.',
    authors: [{ name: 'Nusrat Jahan' }],
    categories: ['World', 'Harbours'],
    publishedAt: '2025-03-12T18:05:00+06:00',
    status: 'published',
    image: {
      url: `${leadImageOrigin}/harbour.jpg`,
      alt: 'The quay at dusk, the sun low over the water',
      type: 'image/jpeg',
    },
    content: [
      '<p>The first ferry tied up at the rebuilt quay at dawn, two years after a storm surge closed the port.</p>',
      `<figure><img src="${media}/harbour.jpg" alt="Warehouses along the quay" width="1200" height="675">`,
      '<figcaption>The warehouses, restored with their original brick.</figcaption></figure>',
      '<p>The harbour master filmed the first evening from the breakwater:</p>',
      `<video controls width="1280" height="720" poster="${media}/harbour.jpg">`,
      `<source src="${media}/harbour.webm" type="video/webm"></video>`,
      '<p>And the ferry’s horn, recorded on the quay:</p>',
      `<audio controls src="${media}/tone.weba"></audio>`,
      '<p>The market opens every evening from six until the last boat leaves.</p>',
    ].join('\n'),
  }),
  rtl: () => ({
    title: 'عودة أضواء الميناء بعد عامين من الإصلاحات',
    summary: 'عادت العبّارات وقوارب الصيد وسوق المساء إلى الرصيف، مع حاجز بحري جديد.',
    authors: [{ name: 'ليلى حسن' }],
    categories: ['العالم', 'World'],
    language: 'ar',
    publishedAt: '2025-03-11T20:00:00+03:00',
    status: 'published',
    image: {
      url: `${leadImageOrigin}/harbour.jpg`,
      alt: 'الرصيف عند الغسق',
      type: 'image/jpeg',
    },
    content: [
      '<p>رست أول عبّارة عند الرصيف المُعاد بناؤه فجرًا، بعد عامين من عاصفة أغلقت الميناء.</p>',
      '<p>يفتح السوق كل مساء من السادسة حتى مغادرة آخر قارب، والرقم 2025 يبقى من اليسار إلى اليمين.</p>',
    ].join('\n'),
  }),
  hazards: (media) => ({
    title: `The ${longWord} files its accounts at last`,
    summary: `Every page is online at ${longUrl}`,
    authors: [{ name: 'Maximilian Alexander Wolfeschlegelsteinhausenbergerdorff' }],
    categories: ['Infrastrukturfinanzierungsgesellschaftsregister', 'World'],
    // the oldest, so the front page's screenshot opens with the others
    publishedAt: '2025-03-10T09:00:00Z',
    status: 'published',
    contentFormat: 'markdown',
    content: [
      `The company, the **${longWord}**, published its ledger at <${longUrl}> this morning.`,
      '',
      `A reader wrote: ${'ha'.repeat(120)}`,
      '',
      `Its identifier in code is \`${'accountsPayableReconciliationLedgerEntry'.repeat(3)}\`.`,
      '',
      '```json',
      `{"ledger": "${'x'.repeat(200)}", "url": "${longUrl}"}`,
      '```',
      '',
      '| year | revenue | costs | staff | ferries | routes | notes | source |',
      '|---|---|---|---|---|---|---|---|',
      `| 2023 | 1,204,330,000 | 1,198,200,000 | 4,210 | 37 | 112 | ${longWord} | ${longUrl} |`,
      '| 2024 | 1,318,900,000 | 1,240,050,000 | 4,388 | 39 | 118 | restated | annual report |',
      '',
      `> ${longUrl}`,
      '',
      `- [${longUrl}](${longUrl})`,
      `- ${longWord}${longWord}`,
      '',
      `![A chart of the ledger](${media}/harbour.jpg)`,
      '',
      // A sound in a nested list has less than the 300 px Chromium gives an audio player by default.
      '- Recordings',
      '  - The annual meeting',
      `    - <audio controls src="${media}/tone.weba"></audio>`,
    ].join('\n'),
  }),
  // Attachments, played by the page's own players (https: answered from the media server, as the lead image).
  episode: () => ({
    title: 'The harbour podcast: the first ferry home',
    summary: 'The sound of the quay at dawn, and the film of the first evening.',
    categories: ['Harbours'],
    publishedAt: '2025-03-09T09:00:00Z',
    status: 'published',
    content: '<p>Listen to the ferry, or watch it come in.</p>',
    attachments: [
      { url: `${leadImageOrigin}/tone.weba`, type: 'audio/webm', title: 'The ferry’s horn' },
      { url: `${leadImageOrigin}/harbour.webm`, type: 'video/webm', title: 'The first evening' },
    ],
  }),
  // Older stories with lead photos: the front page runs past the first screen at both widths, so
  // the thumbnails down there load lazily (each its own URL, so each is its own request).
  quay: archived(1, 'The fish market moves back to the quay', ['Harbours', 'Markets'], 'The stalls at dawn'),
  ferry: archived(
    2,
    'A second ferry route to the islands from May',
    ['Harbours', 'Transport'],
    'A ferry leaving the harbour',
  ),
  wall: archived(3, 'Engineers explain how the new sea wall holds back a surge', ['Harbours', 'Science'], ''),
  lights: archived(
    4,
    'The harbour lights are lit again for the first time since the storm',
    ['World', 'Harbours'],
    'Lamps along the breakwater at night',
  ),
} satisfies Readonly<Record<string, ArticleFields>>

/** An older article with a lead photo, `days` before the media article. */
function archived(days: number, title: string, categories: string[], alt: string): ArticleFields {
  return () => ({
    title,
    summary: `${title}: what changes for the people who live and work by the water.`,
    authors: [{ name: 'Harbour Desk' }],
    categories,
    publishedAt: `2025-03-0${9 - days}T07:30:00Z`,
    status: 'published',
    image: { url: `${leadImageOrigin}/harbour.jpg?story=${days}`, alt, type: 'image/jpeg' },
    content: `<p>${title}.</p>`,
  })
}

export type ShowcaseArticleKey = keyof typeof showcaseArticles | 'sample'

export interface ShowcasePage {
  /** The test's name and the screenshot's file name. */
  readonly name: string
  readonly path: (slugs: Readonly<Record<ShowcaseArticleKey, string>>) => string
  /** How many `<img>` and `<video>`/`<audio>` elements it shows: each must load. */
  readonly images: number
  readonly media: number
  /** Photographed by `npm run screenshots` for the README. */
  readonly screenshot: boolean
}

const article = (slug: string) => `/articles/${encodeURIComponent(slug)}`

export const showcasePages: readonly ShowcasePage[] = [
  { name: 'front-page', path: () => '/', images: 6, media: 0, screenshot: true },
  { name: 'article', path: (s) => article(s.media), images: 2, media: 2, screenshot: true },
  { name: 'article-sample', path: (s) => article(s.sample), images: 0, media: 0, screenshot: false },
  { name: 'topic', path: () => '/categories/world/', images: 3, media: 0, screenshot: true },
  { name: 'article-rtl', path: (s) => article(s.rtl), images: 1, media: 0, screenshot: true },
  { name: 'article-long-words', path: (s) => article(s.hazards), images: 1, media: 1, screenshot: false },
  { name: 'article-attachments', path: (s) => article(s.episode), images: 0, media: 2, screenshot: false },
  { name: 'author', path: () => '/authors/nusrat-jahan/', images: 2, media: 0, screenshot: true },
  {
    name: 'subscribe-author',
    path: () => '/subscribe/?author=nusrat-jahan',
    images: 0,
    media: 0,
    screenshot: false,
  },
]

export interface ShowcaseSite {
  /** Where the product answers, e.g. `http://127.0.0.1:40123`. */
  readonly url: string
  readonly media: MediaServer
  readonly slugs: Readonly<Record<ShowcaseArticleKey, string>>
  close(): Promise<void>
}

/** Starts the media server and the product on free loopback ports, and publishes the showcase. */
export async function startShowcaseSite(): Promise<ShowcaseSite> {
  const media = await startMediaServer()
  let stack: LocalStack | undefined
  try {
    const port = await freePort()
    const config = readConfig({ PORT: String(port), SITE_URL: `http://127.0.0.1:${port}` })
    stack = await startLocalStack({ config })
    if (!stack.seeded) throw new Error('the sample article was not seeded')
    const slugs: Record<string, string> = { sample: stack.seeded.slug }
    for (const [key, fields] of Object.entries(showcaseArticles)) {
      slugs[key] = await publish(stack, fields(media.origin))
    }
    await setProfile(stack, 'nusrat-jahan', showcaseProfile)
    const running = stack
    return {
      url: stack.url,
      media,
      slugs: slugs as Record<ShowcaseArticleKey, string>,
      async close() {
        await running.close()
        await media.close()
      },
    }
  } catch (error) {
    await stack?.close()
    await media.close()
    throw error
  }
}

async function publish(stack: LocalStack, fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${stack.url}/api/articles`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  })
  const body: unknown = await response.json()
  if (response.status !== 201 || typeof body !== 'object' || body === null || !('slug' in body)) {
    throw new Error(
      `publishing "${String(fields.title)}" answered ${response.status}: ${JSON.stringify(body)}`,
    )
  }
  return String(body.slug)
}

/** The profile of the showcase's author page: an avatar the page loads through its CSP, a bio, a link. */
const showcaseProfile = {
  bio: 'Nusrat Jahan covers ports, shipping and the towns that live from them.\n\nShe has reported from the harbour since its sea wall first gave way.',
  url: 'https://nusrat.example.org/',
  avatar: `${leadImageOrigin}/harbour.jpg`,
}

async function setProfile(stack: LocalStack, slug: string, profile: Record<string, string>): Promise<void> {
  const response = await fetch(`${stack.url}/api/authors/${slug}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${stack.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(profile),
  })
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`the profile of ${slug} answered ${response.status}: ${await response.text()}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
