import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs'

/** A CloudFront standard log (v2) record with the stack's fields, as delivered in JSON. */
export function cloudFrontLogRecord(time: string, stem: string, status: string, agent: string): string {
  return JSON.stringify({
    date: time.slice(0, 10),
    time: time.slice(11, 19),
    'x-edge-location': 'FRA56-P1',
    'x-edge-request-id': 'k3Zq3u0Xx0Yy',
    'cs-method': 'GET',
    'x-host-header': 'news.example.com',
    'cs-uri-stem': stem,
    'cs-uri-query': '-',
    'sc-status': status,
    'sc-bytes': '5120',
    'sc-content-type': 'application/rss+xml',
    'time-taken': '0.002',
    'time-to-first-byte': '0.002',
    'x-edge-result-type': 'Hit',
    'x-edge-response-result-type': 'Hit',
    'x-edge-detailed-result-type': 'Hit',
    'cs-protocol': 'https',
    'cs-protocol-version': 'HTTP/2.0',
    'ssl-protocol': 'TLSv1.3',
    'cs(User-Agent)': encodeURIComponent(agent),
  })
}

/** `[time, path, status, User-Agent]` of one request CloudFront answered. */
export type AccessLogLine = readonly [string, string, string, string]

/** Creates `logGroupName` (one stream) and puts `lines` in it as CloudFront's delivery would. */
export async function putAccessLogs(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  lines: readonly AccessLogLine[],
): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName }))
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'cloudfront' }))
  const logEvents = lines
    .map(([time, stem, status, agent]) => ({
      timestamp: Date.parse(time),
      message: cloudFrontLogRecord(time, stem, status, agent),
    }))
    .sort((a, b) => a.timestamp - b.timestamp)
  await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'cloudfront', logEvents }))
}
