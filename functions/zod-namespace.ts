import en from '../node_modules/zod/v4/locales/en.js'

/**
 * The `z` namespace of `functions/zod-english.ts`: zod's own exports, with `locales` and `core` of
 * this module taking the place of zod's (a module's named exports shadow its `export *`), and the
 * compiler and `fromJSONSchema` left out (functions/zod-unbundled.ts).
 */
export * from '../node_modules/zod/v4/classic/external.js'
export * as core from './zod-core.ts'
export const locales = { en }
export {
  compile,
  fromJSONSchema,
  INVALID,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
} from './zod-unbundled.ts'
