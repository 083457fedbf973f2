import { describe, expect, it } from 'vitest'
import { leadImage, mediaTypePattern } from '../../lib/articles/lead-image.ts'

const url = 'https://img.example.com/a.jpg'

describe('leadImage', () => {
  it('keeps a media type and a byte count', () => {
    expect(leadImage({ url, alt: 'A', type: 'image/jpeg', length: 12345 })).toEqual({
      url,
      alt: 'A',
      type: 'image/jpeg',
      length: 12345,
    })
    expect(leadImage({ url, alt: '', type: 'image/svg+xml' }).type).toBe('image/svg+xml')
    expect(leadImage({ url, alt: '', type: 'application/vnd.ms-excel' }).type).toBe(
      'application/vnd.ms-excel',
    )
  })

  it.each([
    ['jpeg'],
    ['image/'],
    ['/jpeg'],
    ['image/jpeg; q=1'],
    ['Image/JPEG'],
    ['image/jp eg'],
    ['a/b/c'],
    [''],
  ])('leaves out a type that is not a media type: %j', (type) => {
    expect(leadImage({ url, alt: '', type })).not.toHaveProperty('type')
  })

  it.each([[0], [-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])(
    'leaves out a length that is not a whole number of bytes above zero: %d',
    (length) => {
      expect(leadImage({ url, alt: '', type: 'image/png', length })).toEqual({
        url,
        alt: '',
        type: 'image/png',
      })
    },
  )
})

describe('mediaTypePattern', () => {
  it('admits what the article input admits after lowercasing, such as audio/mpeg', () => {
    expect(mediaTypePattern.test('audio/mpeg')).toBe(true)
    expect(mediaTypePattern.test('audio/MPEG')).toBe(false)
  })
})
