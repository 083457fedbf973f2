import en from '../node_modules/zod/v4/locales/en.js'

/**
 * `z.core` of `functions/zod-english.ts`: zod's core, its `locales` English alone, its compiler left
 * out (functions/zod-unbundled.ts).
 */
export * from '../node_modules/zod/v4/core/index.js'
export const locales = { en }
export {
  compile,
  compileFn,
  INVALID,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
} from './zod-unbundled.ts'
