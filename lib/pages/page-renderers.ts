/*
 * Every page renderer a public route reaches, in one module that lib/http loads through import()
 * (`loadPageRenderers`): in the split Lambda bundle (cdk/bundling.ts) they make a chunk of their
 * own that a feed, an article's JSON or a health check never parses or evaluates.
 */
export { renderArticlePage } from './render-article-page.ts'
export { renderAuthorPage } from './render-author-page.ts'
export { renderErrorPage } from './render-error-page.ts'
export { renderHomePage } from './render-home-page.ts'
export { renderSubscribePage } from './render-subscribe-page.ts'
export { renderTopicPage } from './render-topic-page.ts'
export { renderTopicsPage } from './render-topics-page.ts'
