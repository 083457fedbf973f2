import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { FeedDocument } from '../../lib/feeds/feed-document.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { hostileArticles, makeArticle } from '../support/make-article.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'

// RFC 4287 Appendix B's schema, converted to RELAX NG XML (see the header of the file).
const schema = fileURLToPath(new URL('../fixtures/atom.rng', import.meta.url))
const hasXmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0

const workDir = mkdtempSync(join(tmpdir(), 'feeds-relaxng-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

function validate(xml: string, name: string): { ok: boolean; output: string } {
  const file = join(workDir, name)
  writeFileSync(file, xml)
  const run = spawnSync('xmllint', ['--noout', '--relaxng', schema, file], { encoding: 'utf8' })
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
}

const { nextUrl: _, ...lastPage } = makeFeedDocument({ items: [makeArticle()] })
const documents: [string, FeedDocument][] = [
  ['the hostile corpus', makeFeedDocument({ items: hostileArticles() })],
  [
    'a category feed',
    makeFeedDocument({ items: [makeArticle()], category: { slug: 'world', name: 'World' } }),
  ],
  [
    'an author feed',
    makeFeedDocument({ items: [makeArticle()], author: { slug: 'zoe-angstrom', name: 'Zoë Ångström' } }),
  ],
  [
    'an author feed with a profile URL',
    makeFeedDocument({
      items: [makeArticle()],
      author: { slug: 'zoe-angstrom', name: 'Zoë Ångström', url: 'https://zoe.example.org/' },
    }),
  ],
  ['a last page', lastPage],
  ['an empty feed', makeFeedDocument({ items: [] })],
  [
    'a feed naming WebSub hubs',
    makeFeedDocument({ items: [makeArticle()], hubs: ['https://hub.example.com/?a=1&b=2'] }),
  ],
]

describe.skipIf(!hasXmllint)(
  'Atom against the RFC 4287 RELAX NG schema (xmllint: apt-get install libxml2-utils)',
  () => {
    it.each(documents)('validates %s', (name, doc) => {
      const result = validate(renderAtom(doc), `${name.replaceAll(' ', '-')}.xml`)
      expect(result.output).toContain('validates')
      expect(result.ok).toBe(true)
    })

    it('rejects a feed that breaks the schema, so a pass above means something', () => {
      const atom = renderAtom(makeFeedDocument({ items: [makeArticle()] }))
      const withRfc822Date = atom.replace(
        /<updated>[^<]*<\/updated>/,
        '<updated>Tue, 11 Mar 2025 03:19:00 +0000</updated>',
      )
      expect(validate(withRfc822Date, 'bad-date.xml').ok).toBe(false)
      const withoutId = atom.replace(/<id>[^<]*<\/id>/, '')
      expect(validate(withoutId, 'no-id.xml').ok).toBe(false)
    })
  },
)
