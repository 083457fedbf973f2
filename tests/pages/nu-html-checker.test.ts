import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderArticlePage } from '../../lib/pages/render-article-page.ts'
import { renderAuthorPage } from '../../lib/pages/render-author-page.ts'
import { renderErrorPage } from '../../lib/pages/render-error-page.ts'
import { renderHomePage } from '../../lib/pages/render-home-page.ts'
import { renderSubscribePage } from '../../lib/pages/render-subscribe-page.ts'
import { renderTopicPage } from '../../lib/pages/render-topic-page.ts'
import { renderTopicsPage } from '../../lib/pages/render-topics-page.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'

// vnu-jar ships the Nu Html Checker (the W3C validator) as a jar next to its main module.
const vnuJar = join(dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build', 'dist', 'vnu.jar')
const javaAvailable = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0

interface VnuMessage {
  readonly type: string
  readonly url?: string
  readonly lastLine?: number
  readonly message: string
  readonly extract?: string
}

function parseVnuReport(output: string): VnuMessage[] {
  const report: unknown = JSON.parse(output)
  if (
    typeof report !== 'object' ||
    report === null ||
    !('messages' in report) ||
    !Array.isArray(report.messages)
  ) {
    throw new Error(`unexpected Nu checker output: ${output}`)
  }
  return report.messages.map((message: unknown) => {
    if (typeof message !== 'object' || message === null) throw new Error(`unexpected message: ${output}`)
    const entry = Object.fromEntries(Object.entries(message))
    return {
      type: String(entry.type),
      url: String(entry.url ?? ''),
      lastLine: Number(entry.lastLine ?? 0),
      message: String(entry.message),
      extract: String(entry.extract ?? ''),
    }
  })
}

const site = makePageSite()
const pages: Record<string, string> = {
  'article.html': renderArticlePage(
    makePageArticle({
      authors: [
        { name: 'Ann Lee', url: 'https://ann.example/' },
        { name: 'Bo Chen' },
        { name: 'Desk Report' },
      ],
    }),
    site,
  ),
  'article-plain.html': renderArticlePage(
    makePageArticle({ image: undefined, categories: [], authors: [], publishedAt: '2025-01-02T00:00:00Z' }),
    makePageSite({ language: 'fr' }),
  ),
  'article-hostile.html': renderArticlePage(
    makePageArticle({
      title: '</title><script>alert(1)</script>',
      summary: 'He said "hello" & \'bye\' </script><!-- <script>',
      authors: [{ name: '<img src=x onerror=alert(3)>', url: 'javascript:alert(1)' }],
      categories: [{ slug: 'x', name: '"><script>alert(4)</script>' }],
      image: { url: 'https://cdn.example/a.jpg" onerror="alert(5)', alt: '" onload="alert(6)' },
    }),
    site,
  ),
  'home.html': renderHomePage({
    site,
    articles: [makePageArticle({ slug: 'second', title: 'Second' }), makePageArticle()],
    nextUrl: 'https://news.example.com/?before=abc&x=1',
    topics: [
      { slug: 'world', name: 'World' },
      { slug: 'العالم', name: 'العالم' },
    ],
  }),
  'home-empty.html': renderHomePage({ site, articles: [] }),
  'topic.html': renderTopicPage({
    site,
    category: { slug: 'world', name: '"><script>alert(7)</script> World' },
    articles: [makePageArticle({ slug: 'second', title: 'Second' }), makePageArticle()],
    nextUrl: 'https://news.example.com/categories/world/?before=abc&x=1',
    topics: [
      { slug: 'world', name: '"><script>alert(8)</script> World' },
      { slug: 'nato', name: 'NATO' },
    ],
  }),
  'topic-empty.html': renderTopicPage({ site, category: { slug: 'world', name: 'World' }, articles: [] }),
  'topics.html': renderTopicsPage(site, [
    { slug: 'world', name: 'World' },
    { slug: 'x', name: '<b>bold</b> & "quoted"' },
  ]),
  'topics-empty.html': renderTopicsPage(site, []),
  'subscribe.html': renderSubscribePage({ site }),
  'subscribe-topic.html': renderSubscribePage({ site, category: { slug: 'wörld', name: '"><b>World</b>' } }),
  'subscribe-author.html': renderSubscribePage({
    site,
    author: { slug: 'zoe-angstrom', name: '"><b>Zoë</b>' },
  }),
  'author.html': renderAuthorPage({
    site,
    author: { slug: 'zoe-angstrom', name: '"><script>alert(9)</script> Zoë' },
    articles: [
      makePageArticle({ slug: 'second', title: 'Second', authors: [{ name: 'Zoë' }] }),
      makePageArticle(),
    ],
    nextUrl: 'https://news.example.com/authors/zoe-angstrom/?before=abc&x=1',
    profile: {
      bio: 'Writes on <b>ports</b> & "harbours".\n\nA second paragraph.',
      url: 'https://zoe.example/?a=1&b=2',
      avatar: 'https://images.example/zoe.jpg',
    },
  }),
  'not-found.html': renderErrorPage(site, 404),
  'gone.html': renderErrorPage(site, 410),
}

describe('rendered pages', () => {
  // Without Java (a laptop without a JRE) this is skipped, not failed: the parse5-based tests still run.
  it.skipIf(!javaAvailable)(
    'pass the Nu Html Checker with no errors (needs java on PATH)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pages-vnu-'))
      try {
        const files = Object.entries(pages).map(([name, source]) => {
          const file = join(dir, name)
          writeFileSync(file, source)
          return file
        })
        // One JVM for all pages; the JSON report goes to stderr. Its client compiler only: the server
        // compiler's work does not pay back in a run this short (5.0 → 2.7 s of CPU, the same report);
        // its bigger frames need a larger stack than the checker's schema needs by default.
        const jvm = ['-XX:TieredStopAtLevel=1', '-Xss2m']
        const result = spawnSync(
          'java',
          [...jvm, '-jar', vnuJar, '--errors-only', '--format', 'json', ...files],
          {
            encoding: 'utf8',
            timeout: 55_000,
          },
        )
        if (result.error) throw result.error
        const errors = parseVnuReport(result.stderr).filter((message) => message.type !== 'info')
        const described = errors.map(
          (error) => `${error.url?.split('/').at(-1)}:${error.lastLine}: ${error.message} [${error.extract}]`,
        )
        expect(described).toEqual([])
        expect(result.status).toBe(0)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    60_000,
  )
})
