import * as z from 'zod'
import { absoluteUrlMessage } from './article-input-messages.ts'
import { singleLine } from './text-line-schemas.ts'

const maxUrlLength = 2048

/** An absolute URL of one of `protocols`, with a host, stored as the URL parser writes it. */
export function absoluteUrlSchema(protocols: readonly string[], description: string) {
  return z
    .string()
    .overwrite(singleLine)
    .max(maxUrlLength)
    .refine((value) => isAbsoluteUrl(value, protocols), { error: absoluteUrlMessage(protocols), abort: true })
    .overwrite((value) => new URL(value).href)
    .meta({ format: 'uri', description })
}

/** Whether `value` parses as a URL of one of `protocols` with a host. */
export function isAbsoluteUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value)
    return protocols.includes(url.protocol) && url.hostname !== ''
  } catch {
    return false
  }
}
