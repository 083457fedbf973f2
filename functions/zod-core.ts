import en from '../node_modules/zod/v4/locales/en.js'

/** `z.core` of `functions/zod-english.ts`: zod's core, its `locales` English alone. */
export * from '../node_modules/zod/v4/core/index.js'
export const locales = { en }
