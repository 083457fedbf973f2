import { html } from '../pages/html.ts'
import type { DaySubscribers } from '../subscribers/subscriber-tally.ts'
import { type Chrome, deskDocument } from './desk-pages.ts'

export interface SubscribersView {
  /** The day asked for (`?day=`), as typed; empty for the latest. */
  readonly day: string
  /** What `GET /api/subscribers` answers for it; undefined when nothing was counted. */
  readonly counted?: DaySubscribers
  /** Why the day asked for was refused. */
  readonly error?: string
}

/**
 * The desk's subscribers panel: per feed, the aggregators with the figure each reported, their sum,
 * and the estimate of direct readers, for the latest day counted or the one asked for.
 */
export function subscribersPage(chrome: Chrome, view: SubscribersView): string {
  const { counted } = view
  const total = (feed: DaySubscribers['feeds'][number]) =>
    feed.aggregators.reduce((sum, aggregator) => sum + aggregator.subscribers, 0)
  return deskDocument(
    chrome,
    'Subscribers',
    html`<h1>Subscribers</h1>
<form method="get" action="/desk/subscribers" class="filters narrow">
<label>Day (UTC) <input id="day" name="day" type="date" value="${view.day}"${view.error ? html` aria-invalid="true" aria-describedby="day-error"` : ''}></label>
<button type="submit">Show</button>
</form>
${view.error && html`<p class="error" id="day-error" role="alert">${view.error}</p>`}
${
  counted === undefined || counted.feeds.length === 0
    ? html`<p>No subscribers counted${view.day && !view.error ? html` on ${view.day}` : ''} yet. Counts come from the feeds' requests: aggregators report their subscribers in each poll (docs/subscribers.md).</p>`
    : html`<p id="subscribers-day">Counted on <time datetime="${counted.day}">${counted.day}</time> (UTC).</p>
<table class="articles counts">
<thead><tr><th scope="col">Feed</th><th scope="col">Aggregators</th><th scope="col">Subscribers</th><th scope="col">Direct readers (estimate)</th></tr></thead>
<tbody>
${counted.feeds.map(
  (feed) =>
    html`<tr><td><code>${feed.path}</code></td><td>${
      feed.aggregators.length === 0
        ? '—'
        : html`<ul class="aggregators">${feed.aggregators.map(
            (aggregator) => html`<li>${aggregator.name}: ${aggregator.subscribers}</li>`,
          )}</ul>`
    }</td><td data-label="Subscribers">${total(feed)}</td><td data-label="Direct readers (estimate)">${feed.directReaders ?? html`<abbr title="not counted: the access logs keep no client address">—</abbr>`}</td></tr>\n`,
)}</tbody>
</table>`
}`,
  )
}
