import { describe, expect, it } from 'vitest'
import { cdata, escapeXmlAttribute, escapeXmlText } from '../../lib/feeds/xml.ts'
import { parseXml, withoutForbiddenChars } from '../support/parse-xml.ts'

/** Parses `<a b="…">…</a>` and hands back what a reader would see. */
function roundTrip(attributeValue: string, content: string): { attribute: string; text: string } {
  const root = parseXml(`<a b="${attributeValue}">${content}</a>`)
  return { attribute: root.attributes.b ?? '', text: root.text }
}

/** A deterministic generator of nasty strings: any UTF-16 code unit, biased towards the dangerous ones. */
function* nastyStrings(count: number): Generator<string> {
  let seed = 0x2545f491
  const next = (): number => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return seed >>> 0
  }
  const pieces = ['&', '<', '>', '"', "'", ']]>', ']]', '\t', '\n', '\r', '\uD800', '\uDC00', '\uFFFE', '😀']
  for (let i = 0; i < count; i++) {
    let value = ''
    const length = next() % 40
    for (let j = 0; j < length; j++) {
      const roll = next()
      value += roll % 3 === 0 ? (pieces[roll % pieces.length] ?? '') : String.fromCharCode(roll % 0x10000)
    }
    yield value
  }
}

describe('escapeXmlText', () => {
  it('escapes &, < and > (so ]]> cannot appear) and leaves quotes alone', () => {
    expect(escapeXmlText('Tom & Jerry <b> ]]> "q" \'a\'')).toBe('Tom &amp; Jerry &lt;b&gt; ]]&gt; "q" \'a\'')
  })

  it('keeps a carriage return as a character reference so parsers do not turn it into a line feed', () => {
    expect(escapeXmlText('a\r\nb')).toBe('a&#13;\nb')
    expect(roundTrip('', escapeXmlText('a\r\nb\rc')).text).toBe('a\r\nb\rc')
  })

  it('removes every character XML 1.0 forbids and keeps the rest', () => {
    for (let code = 0; code < 0x20; code++) {
      const char = String.fromCharCode(code)
      const kept = code === 0x9 || code === 0xa || code === 0xd
      const expected = kept ? `a${code === 0xd ? '&#13;' : char}b` : 'ab'
      expect(escapeXmlText(`a${char}b`), `U+${code.toString(16)}`).toBe(expected)
      expect(cdata(`a${char}b`), `U+${code.toString(16)}`).toBe(`<![CDATA[${kept ? `a${char}b` : 'ab'}]]>`)
    }
    expect(escapeXmlText('a\uFFFEb\uFFFFc')).toBe('abc')
    expect(escapeXmlText('high \uD800 low \uDC00 reversed \uDC00\uD800 end')).toBe('high  low  reversed  end')
    expect(escapeXmlText('replacement \uFFFD emoji 😀 𝄞')).toBe('replacement \uFFFD emoji 😀 𝄞')
  })

  it('removes DEL, C1 controls and noncharacters too, as the pages and the write path do', () => {
    expect(escapeXmlText('DEL \u007f NEL \u0085 APC \u009f \uFDD0 \u{1FFFE} end')).toBe(
      'DEL  NEL  APC    end',
    )
    expect(escapeXmlAttribute('a\u0085b')).toBe('ab')
  })
})

describe('escapeXmlAttribute', () => {
  it('escapes both quote styles, & and <', () => {
    expect(escapeXmlAttribute(`https://img.example.com/a.jpg?x=1&y="2"&z='3'<`)).toBe(
      'https://img.example.com/a.jpg?x=1&amp;y=&quot;2&quot;&amp;z=&apos;3&apos;&lt;',
    )
  })

  it('keeps tab, line feed and carriage return, which parsers would otherwise turn into spaces', () => {
    const value = 'a\tb\nc\rd'
    expect(roundTrip(escapeXmlAttribute(value), '').attribute).toBe(value)
    expect(parseXml(`<a b='${escapeXmlAttribute(value)}'/>`).attributes.b).toBe(value)
  })
})

describe('cdata', () => {
  it('splits every ]]>, not only the first', () => {
    const value = 'one ]]> two ]]]]> three ]]>]]> <![CDATA[ x ]]>'
    const section = cdata(value)
    expect(section.slice('<![CDATA['.length, -']]>'.length)).not.toContain(']]>]')
    expect(roundTrip('', section).text).toBe(value)
  })

  it('removes forbidden characters inside the section', () => {
    expect(cdata('a\u0000b\uD800c')).toBe('<![CDATA[abc]]>')
  })
})

describe('round trip through a strict parser', () => {
  it('gives back any string without its forbidden characters, as text, attribute and CDATA', () => {
    for (const value of nastyStrings(2000)) {
      const expected = withoutForbiddenChars(value)
      const parsed = roundTrip(escapeXmlAttribute(value), escapeXmlText(value))
      expect(parsed.attribute).toBe(expected)
      expect(parsed.text).toBe(expected)
      // Parsers turn CR LF and a lone CR into LF everywhere, CDATA included (XML 1.0 §2.11).
      expect(roundTrip('', cdata(value)).text).toBe(expected.replace(/\r\n?/g, '\n'))
    }
  })
})
