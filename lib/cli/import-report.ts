import type { Placement } from './place-article.ts'
import type { ItemWarning, WarningKind } from './plan-items.ts'

const warningText: Record<WarningKind, string> = {
  'image-not-https': 'images dropped (http: the site takes https images only)',
  'categories-cut': 'with more than 10 categories (the first 10 kept)',
  'no-date': 'without a date (imported as drafts)',
  'date-unreadable': 'with a date that cannot be read (imported as drafts)',
  'date-without-zone': 'dated without a time zone (read as UTC)',
  'summary-cut': 'summaries cut to 1,000 characters',
  'title-from-text': 'without a title (taken from their text)',
  'title-cut': 'titles cut to 300 characters',
  'content-from-link': 'without content (a link to the original instead)',
  'id-derived': 'ids that are not IRIs (a urn:uuid derived from each)',
  'media-not-https': 'audio, video or other files dropped (http: the site takes https files only)',
  'media-no-type': 'audio, video or other files dropped (no MIME type declared)',
  'media-cut': 'with more than 10 files (the first 10 kept)',
  'heading-dropped': 'opening with a heading that repeats the title (the heading dropped)',
}

/** What an import did, item by item, and the lines that tell it. */
export class ImportReport {
  imported = 0
  updated = 0
  unchanged = 0
  deleted = 0
  skipped = 0
  /** Items met again (the same id in another source or page), imported once. */
  duplicates = 0
  readonly #reasons = new Map<string, number>()
  readonly #warnings = new Map<WarningKind, number>()

  record(placement: Pick<Placement, 'outcome'>): void {
    switch (placement.outcome) {
      case 'created':
      case 'would-create':
        this.imported++
        break
      case 'updated':
      case 'would-update':
        this.updated++
        break
      case 'unchanged':
        this.unchanged++
        break
      case 'deleted':
        this.deleted++
        break
    }
  }

  skip(reason: string): void {
    this.skipped++
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + 1)
  }

  note(warnings: readonly ItemWarning[]): void {
    for (const { kind } of warnings) this.#warnings.set(kind, (this.#warnings.get(kind) ?? 0) + 1)
  }

  /** The counts so far, for the progress display. */
  get counts(): string {
    return `${this.imported} new, ${this.updated} updated, ${this.unchanged} unchanged, ${this.skipped} skipped`
  }

  /** `400 imported, 0 updated, 3 unchanged, 2 skipped: 1 × …; 1 × …`. */
  summary(dryRun: boolean): string {
    const parts = dryRun
      ? [
          `dry run, nothing written: ${this.imported} would be imported`,
          `${this.updated} would be replaced if changed`,
        ]
      : [`${this.imported} imported`, `${this.updated} updated`, `${this.unchanged} unchanged`]
    if (this.deleted > 0)
      parts.push(`${this.deleted} left deleted (deleted on the site since an earlier import)`)
    if (this.duplicates > 0) parts.push(`${this.duplicates} repeated in the sources, imported once`)
    let line = `${parts.join(', ')}, ${this.skipped} skipped`
    if (this.skipped > 0) {
      const listed = [...this.#reasons.entries()].sort((a, b) => b[1] - a[1])
      const shown = listed.slice(0, 3).map(([reason, n]) => `${n} × ${reason}`)
      if (listed.length > 3) shown.push(`${listed.length - 3} other reasons (listed above)`)
      line += `: ${shown.join('; ')}`
    }
    return line
  }

  /** `notes: 3 without a date (imported as drafts); …`, or undefined when nothing was kept in part. */
  notes(verbose: boolean): string | undefined {
    if (this.#warnings.size === 0) return undefined
    const parts = [...this.#warnings.entries()].map(([kind, n]) => `${n} ${warningText[kind]}`)
    return `notes: ${parts.join('; ')}${verbose ? '' : ' (--verbose lists each)'}`
  }
}
