/**
 * How many generated cases a property test runs (or articles the publish load test sends, or hostile
 * requests). `npm test` runs a tenth of each suite's full count (the count its issue names), so that
 * the whole suite stays within its time; `PROPERTY_RUNS=full` runs the full counts, as `.ci/run` does
 * after `npm test` (docs/testing.md).
 */
export function propertyRuns(full: number): number {
  return process.env.PROPERTY_RUNS === 'full' ? full : Math.ceil(full / 10)
}
