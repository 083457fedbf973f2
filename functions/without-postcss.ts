/**
 * Stands in for `postcss` in the publish bundle (an esbuild alias in `cdk/bundling.ts`).
 * sanitize-html imports postcss at load only to parse `style` attributes, which the article
 * sanitiser turns off (`parseStyleAttributes: false` in lib/articles/render-content.ts); postcss and
 * the source-map library it brings were about a tenth of the bundle. A test holds the setting.
 */
export function parse(): never {
  throw new Error(
    'postcss is left out of the Lambda bundles: keep parseStyleAttributes false in sanitize-html',
  )
}
