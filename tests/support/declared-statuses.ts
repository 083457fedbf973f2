/*
 * Holds the publish app to its OpenAPI document: every answer's status must be one the document
 * declares for that path and method, and a method the document does not list for a known path
 * must answer 405 with an `Allow` naming exactly the methods it does list.
 */

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const operationMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The path template of `doc` that `path` (no query) falls under, e.g. `/api/articles/{slug}`. */
function templateOf(doc: Json, path: string): string | undefined {
  const paths = isObject(doc.paths) ? Object.keys(doc.paths) : []
  return paths.find((template) => {
    const pattern = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+')
    return new RegExp(`^${pattern}$`).test(path)
  })
}

/** The methods `doc` declares on `template`, upper case. */
export function declaredMethods(doc: Json, template: string): string[] {
  const item = isObject(doc.paths) ? doc.paths[template] : undefined
  return isObject(item)
    ? Object.keys(item)
        .filter((k) => operationMethods.includes(k))
        .map((k) => k.toUpperCase())
    : []
}

/** The statuses `doc` declares for `method` on `template`. */
export function declaredStatuses(doc: Json, template: string, method: string): string[] {
  const item = isObject(doc.paths) ? doc.paths[template] : undefined
  const operation = isObject(item) ? item[method.toLowerCase()] : undefined
  return isObject(operation) && isObject(operation.responses) ? Object.keys(operation.responses) : []
}

/**
 * Why `response` to `method path` breaks the document, or undefined when it keeps to it. HEAD is
 * answered by GET's route, so it keeps to GET's declaration. Paths the document does not know are
 * left to the tests of unknown paths (401 or 404).
 */
export function undeclaredAnswer(
  doc: Json,
  method: string,
  url: string,
  response: Response,
): string | undefined {
  const path = new URL(url, 'http://api.test').pathname
  const template = templateOf(doc, path)
  if (template === undefined) return undefined
  const declared = declaredMethods(doc, template)
  const asMethod = method === 'HEAD' && declared.includes('GET') ? 'GET' : method
  const where = `${method} ${path} (${template})`
  if (declared.includes(asMethod)) {
    const statuses = declaredStatuses(doc, template, asMethod)
    return statuses.includes(String(response.status))
      ? undefined
      : `${where} answered ${response.status}, which its route does not declare (${statuses.join(', ')})`
  }
  // Not a declared operation: the token check comes first, then 405 naming what the path answers.
  if (response.status === 401) return undefined
  if (response.status !== 405)
    return `${where} is not declared, yet answered ${response.status} instead of 405`
  const allow = (response.headers.get('allow') ?? '').split(',').map((m) => m.trim())
  const expected = [...declared, ...(declared.includes('GET') ? ['HEAD'] : [])]
  const same = allow.length === expected.length && expected.every((m) => allow.includes(m))
  return same ? undefined : `${where}: Allow says ${allow.join(', ')}, the document ${expected.join(', ')}`
}
