import { describe, expect, it } from 'vitest'
import { preferredReturn } from '../../lib/http/prefer-header.ts'

describe('preferredReturn', () => {
  it.each([
    ['return=minimal', 'minimal'],
    ['return=representation', 'representation'],
    ['Return = "Minimal"', 'minimal'],
    ['respond-async, wait=100, return=minimal; foo="bar"', 'minimal'],
    ['return=minimal, return=representation', 'minimal'],
    ['handling=lenient,return=representation', 'representation'],
  ] as const)('reads %j as %s', (header, expected) => {
    expect(preferredReturn(header)).toBe(expected)
  })

  it.each([
    undefined,
    '',
    'respond-async',
    'return',
    'return=',
    'return=brief',
    'returned=minimal',
    'x; return=minimal',
  ])('finds no return preference in %j', (header) => {
    expect(preferredReturn(header)).toBeUndefined()
  })
})
