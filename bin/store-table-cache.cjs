// The embedded store's table descriptions, kept parsed (bin/store-thread-worker.cjs).
//
// dynalite reads its table's description from its LevelDB store and parses it from JSON on every
// item request, and once per item of a BatchWriteItem: with this table's indexes about 6 KB each,
// 20 an imported article, 131 KB of JSON parsed an article, the largest part of the store thread's
// decoding (docs/bulk-import.md, fourth pass). Item requests (PutItem, UpdateItem, Query, ...) only
// read the description, so they share one parsed, frozen copy; table operations (UpdateTable,
// DeleteTable, DescribeTable) still read their own, which they change before writing it back; any
// write of a description drops the copies, and a read that overlapped a write keeps nothing.

/** Wraps `db.create` of dynalite's `db` module so that each store it creates keeps its active tables parsed. */
function cacheTableDescriptions(dynaliteDb) {
  // This leans on dynalite's internals (dynalite 4): a version without them fails the store's start, loudly.
  if (typeof dynaliteDb.create !== 'function')
    throw new Error('dynalite has no db.create: see bin/store-table-cache.cjs')
  const create = dynaliteDb.create
  dynaliteDb.create = function createCaching(options) {
    return withTableCache(create.call(this, options))
  }
}

function withTableCache(store) {
  const { tableDb } = store
  if (
    typeof store.getTable !== 'function' ||
    ['get', 'put', 'del', 'batch'].some((m) => typeof tableDb?.[m] !== 'function')
  ) {
    throw new Error("dynalite's store has no getTable or tableDb: see bin/store-table-cache.cjs")
  }
  const tables = new Map()
  let generation = 0
  for (const method of ['put', 'del', 'batch']) {
    const write = tableDb[method]
    tableDb[method] = function (...args) {
      generation++
      tables.clear()
      return write.apply(this, args)
    }
  }
  const getTable = store.getTable
  store.getTable = (name, checkStatus, cb) => {
    // Item requests call getTable(name, cb); table operations pass `false` and change what they get.
    if (typeof checkStatus !== 'function') return getTable(name, checkStatus, cb)
    const callback = checkStatus
    const table = tables.get(name)
    if (table !== undefined) return process.nextTick(callback, null, table)
    const readAt = generation
    getTable(name, true, (error, read) => {
      if (!error && readAt === generation && read.TableStatus === 'ACTIVE') tables.set(name, deepFreeze(read))
      callback(error, read)
    })
  }
  const recreate = store.recreate
  store.recreate = function (...args) {
    recreate.apply(this, args)
    withTableCache(this)
  }
  return store
}

function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

module.exports = { cacheTableDescriptions }
