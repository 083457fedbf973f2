/**
 * Stands in for `htmlparser2` in the Lambda bundles (an esbuild alias in `cdk/bundling.ts`): its
 * `Parser`, the one export the functions use (sanitize-html's `new htmlparser.Parser(...)` and the
 * content-shape check in lib/articles/content-limits.ts), from the package's own ESM build.
 *
 * Without it the publish bundle held htmlparser2 twice, its ESM build for our `import` and its
 * CommonJS build for sanitize-html's `require`, each with domhandler, domutils, dom-serializer and
 * dom-serializer's own `entities` 4 (both builds of that too): about 250 KB of 1,500, and the ESM copies'
 * entity tables decoded at every cold start although nothing serialises a DOM. The same code runs,
 * so sanitised output is unchanged (tests/functions/htmlparser2-alias.test.ts compares it).
 */
export { Parser } from '../node_modules/htmlparser2/dist/esm/Parser.js'
