import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContentFormat } from '../../lib/articles/article.ts'
import { htmlShape } from '../../lib/articles/content-limits.ts'
import { renderContent } from '../../lib/articles/render-content.ts'
import { bundledInputs, importStackBuilt } from '../support/stack-built.ts'

/*
 * The `htmlparser2` alias of the Lambda bundles (functions/htmlparser2-parser.ts, issue 20.7): one
 * ESM build of htmlparser2 for our import and sanitize-html's require, and none of the DOM helpers
 * nothing calls. The renderer and the shape check are built with the stack's options and must
 * answer byte for byte what the same modules answer here, where sanitize-html loads htmlparser2's
 * CommonJS build as npm installed it.
 */

type Renderer = typeof renderContent
type ShapeCheck = typeof htmlShape

let dir: string
let publishInputs: readonly string[]
let bundled: { renderContent: Renderer; htmlShape: ShapeCheck }

function isBundledModule(value: unknown): value is { renderContent: Renderer; htmlShape: ShapeCheck } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'renderContent' in value &&
    typeof value.renderContent === 'function' &&
    'htmlShape' in value &&
    typeof value.htmlShape === 'function'
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'htmlparser2-alias-'))
  publishInputs = await bundledInputs('publish')
  const loaded = await importStackBuilt(
    "export { renderContent } from './lib/articles/render-content.ts'\nexport { htmlShape } from './lib/articles/content-limits.ts'\n",
    join(dir, 'renderer'),
  )
  if (!isBundledModule(loaded)) throw new Error('the bundled renderer exports neither function')
  bundled = loaded
}, 300_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const base = 'https://news.example.com/articles/some-story'

/** Markup that exercises the tokenizer: entities (legacy ones without `;` too), foreign content, malformed nesting. */
const fragments = [
  '<p>',
  '</p>',
  '<a href="/x?a=1&amp;b=2&copy=3">',
  '</a>',
  '&amp;',
  '&notin;',
  '&notit;',
  '&copy',
  '&#x1F600;',
  '&#0;',
  '&#128;',
  '&unknown;',
  '&lt;script&gt;',
  '<svg><title>t</title><p>in svg</p></svg>',
  '<math><mi>x</mi></math>',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '<script>alert(1)</script>',
  '<img src="a.png" alt="&quot;q&quot;">',
  '<br/>',
  '<b><i>',
  '</b></i>',
  '<table><tr><td>',
  '<textarea><p></textarea>',
  'text ',
  '\u00e9\u2014\u{1F4F0}',
  '<',
  '>',
  '"',
  '\n',
]

describe('the htmlparser2 alias', () => {
  it('leaves one ESM htmlparser2 in the publish bundle and none of the DOM helpers or their entities', () => {
    // The check sees the bundle's inputs: the parser is there.
    expect(publishInputs).toContain('node_modules/htmlparser2/dist/esm/Parser.js')
    const dropped = publishInputs.filter((input) =>
      /node_modules\/(?:htmlparser2\/dist\/commonjs|domhandler|domutils|domelementtype|dom-serializer)\//.test(
        input,
      ),
    )
    expect(dropped).toEqual([])
    // Only the `entities` htmlparser2 and markdown-it depend on, each once: no CommonJS copy.
    const entities = publishInputs.filter((input) => /\/entities\//.test(input))
    const oneBuild = /^node_modules\/(?:entities\/dist\/esm|markdown-it\/node_modules\/entities\/dist)\//
    expect(entities.filter((input) => !oneBuild.test(input))).toEqual([])
  })

  it('renders the same bytes as the modules npm installed, for every format and generated markup', () => {
    const formats: ContentFormat[] = ['html', 'markdown']
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 40 }),
        fc.constantFrom(...formats),
        (parts, format) => {
          const content = parts.join('')
          expect(bundled.renderContent(content, format, base)).toBe(renderContent(content, format, base))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('measures the same nesting and element count as the modules npm installed', () => {
    const bound = { depth: 100, elements: 20_000 }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const html = parts.join('')
        expect(bundled.htmlShape(html, bound)).toEqual(htmlShape(html, bound))
      }),
      { numRuns: 300 },
    )
  })
})
