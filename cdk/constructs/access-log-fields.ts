/**
 * The standard log (v2) fields kept: what an operator needs to follow a request, an error or the
 * cache, and nothing that identifies a reader (no `c-ip`, `x-forwarded-for`, `c-port`, cookies or
 * referrers). A module of its own, without aws-cdk-lib: the record parser's test imports it.
 */
export const accessLogFields = [
  'date',
  'time',
  'x-edge-location',
  'x-edge-request-id',
  'cs-method',
  'x-host-header',
  'cs-uri-stem',
  'cs-uri-query',
  'sc-status',
  'sc-bytes',
  'sc-content-type',
  'time-taken',
  'time-to-first-byte',
  'x-edge-result-type',
  'x-edge-response-result-type',
  'x-edge-detailed-result-type',
  'cs-protocol',
  'cs-protocol-version',
  'ssl-protocol',
  'cs(User-Agent)',
] as const
