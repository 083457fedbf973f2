import { describe, expect, it } from 'vitest'
import { stripForbiddenChars } from '../../lib/articles/xml-chars.ts'
import { withoutForbiddenChars } from '../support/parse-xml.ts'

describe('stripForbiddenChars', () => {
  it('removes C0 controls but keeps tab, newline and carriage return', () => {
    expect(stripForbiddenChars('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg')
    expect(stripForbiddenChars('a\tb\nc\rd')).toBe('a\tb\nc\rd')
  })

  it('removes U+FFFE and U+FFFF', () => {
    expect(stripForbiddenChars('a\uFFFEb\uFFFFc')).toBe('abc')
  })

  it('removes lone surrogates and keeps valid pairs such as emoji', () => {
    expect(stripForbiddenChars('x\uD800y')).toBe('xy')
    expect(stripForbiddenChars('x\uDC00y')).toBe('xy')
    expect(stripForbiddenChars('\uDC00\uD800')).toBe('')
    expect(stripForbiddenChars('news 😀 👩‍👩‍👧 𝔘')).toBe('news 😀 👩‍👩‍👧 𝔘')
    expect(stripForbiddenChars('😀\uD83D')).toBe('😀')
  })

  it('leaves ordinary text, including non-Latin scripts and U+00A0, untouched', () => {
    const text = 'Café — 中文 العربية \u00A0 <b>&amp;</b>'
    expect(stripForbiddenChars(text)).toBe(text)
  })
})

describe('stripForbiddenChars and what validators flag', () => {
  it('removes DEL, C1 controls and noncharacters of every plane, keeping neighbours and emoji', () => {
    const input = 'a\u007F\u0085\u009Fb\uFDD0\uFDEFc\u{1FFFE}\u{10FFFF}d\u{2FFFD}😀'
    expect(stripForbiddenChars(input)).toBe('abcd\u{2FFFD}😀')
  })
})

describe('stripForbiddenChars, the one filter of feeds, pages and the write path', () => {
  it('removes exactly the characters XML forbids or discourages and HTML forbids, for every code point', () => {
    const wrong: string[] = []
    for (let code = 0; code <= 0x10ffff; code++) {
      // A lone surrogate is a code unit of its own: String.fromCodePoint gives it as such.
      const value = `a${String.fromCodePoint(code)}b`
      if (stripForbiddenChars(value) !== withoutForbiddenChars(value)) wrong.push(`U+${code.toString(16)}`)
    }
    expect(wrong).toEqual([])
  })
})
