// The embedded store's thread (bin/store-thread.ts): dynalite listening on a loopback port of its own.
const { parentPort, workerData } = require('node:worker_threads')
const dynalite = require(workerData.dynalite)
const { dirname, join } = require('node:path')
require('./store-table-cache.cjs').cacheTableDescriptions(require(join(dirname(workerData.dynalite), 'db')))
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...workerData.options })
server.once('error', (error) => parentPort.postMessage({ error: String(error?.message || error) }))
// Ready when it answers a call: a folder another store holds fails here, not on the first write.
const check = (port) => {
  const request = require('node:http').request(
    {
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'x-amz-date': '20250101T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
      },
    },
    (response) => {
      let body = ''
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () =>
        parentPort.postMessage(
          response.statusCode === 200
            ? { port }
            : { error: 'store check answered ' + response.statusCode + ': ' + body },
        ),
      )
    },
  )
  request.on('error', (error) => parentPort.postMessage({ error: String(error.message) }))
  request.end('{}')
}
server.listen(0, '127.0.0.1', () => check(server.address().port))
parentPort.on('message', () => server.close(() => process.exit(0)))
