import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from './app-base.ts'

/*
 * What the publish API's OpenAPI document holds besides its routes: the problem responses every
 * route refers to, the shared headers and parameters, the security scheme, and the document's head.
 * The routes themselves are declared once, in publish-routes.ts, with their validation.
 */

export const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: 'A URI naming the kind of problem; `about:blank` when the status says it all.' }),
    title: z
      .string()
      .meta({ description: 'A short summary of the kind of problem.', examples: ['Invalid request'] }),
    status: z
      .number()
      .int()
      .meta({ examples: [400] }),
    detail: z.string().meta({ description: 'What went wrong this time.' }).optional(),
    instance: z.string().meta({ description: 'The request path.' }).optional(),
    errors: z
      .array(
        z.object({
          path: z.string().meta({
            description:
              "Dotted path into the body, or the query, path or header parameter's name; '' for the body itself.",
            examples: ['title'],
          }),
          message: z.string().meta({ examples: ['title is required'] }),
        }),
      )
      .meta({
        description: 'The problems with the input, at most 100 and then one summary entry (400 only).',
      })
      .optional(),
  })
  .meta({ title: 'Problem', description: 'An RFC 9457 problem details object.' })

/** The problem responses, each described once under components.responses. */
const problems = {
  400: 'The input is invalid; `errors` lists the problems with their paths (at most 100, then a summary).',
  401: 'The bearer token is missing or wrong.',
  403: 'The request did not come through the site (deployed, only CloudFront reaches the publish function).',
  404: 'No article has this slug, or the path cannot be a slug.',
  405: 'The path does not answer this method; `Allow` lists the ones it does.',
  409: 'An article already has this slug.',
  410: 'The article was deleted.',
  412: 'A precondition failed: the article moved on from the `If-Match` version, or `If-None-Match` matched it.',
  413: 'The request body, or the article it makes, is too large.',
  415: 'The request body is not `application/json` in UTF-8.',
  500: 'Something unexpected failed; nothing internal is disclosed.',
  503: 'The store cannot be reached; retry after `Retry-After` seconds.',
} as const
type ProblemStatus = keyof typeof problems

/** `{ "404": { $ref: … } }` for each status: a route's problem responses. */
export function problemResponses(...statuses: ProblemStatus[]): Record<string, { $ref: string }> {
  return Object.fromEntries(
    statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]),
  )
}

export const headerRef = (name: 'ETag' | 'Location' | 'Allow') => ({ $ref: `#/components/headers/${name}` })

/**
 * Registers what routes refer to by `$ref`, and the parameters they share, by name; the document
 * then lists each once under components.
 */
export function registerComponents(app: OpenAPIHono<AppEnv>, parameters: Record<string, z.ZodType>): void {
  const registry = app.openAPIRegistry
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'One of the configured publish tokens.',
  })
  for (const [name, schema] of Object.entries(parameters)) registry.registerParameter(name, schema)
  registry.register('Problem', problemSchema)
  registry.registerComponent('headers', 'ETag', {
    description: "The article's revision: a strong entity tag naming this article and this version.",
    schema: { type: 'string' },
  })
  registry.registerComponent('headers', 'Location', {
    description: 'The URL of the article in this API.',
    schema: { type: 'string', format: 'uri' },
  })
  registry.registerComponent('headers', 'Allow', {
    description: 'The methods this path answers.',
    schema: { type: 'string' },
  })
  registry.registerComponent('headers', 'RetryAfter', {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer' },
  })
  for (const [status, description] of Object.entries(problems)) {
    const headers = problemHeaders[status]
    registry.registerComponent('responses', `Problem${status}`, {
      description,
      ...(headers && { headers }),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    })
  }
}

/** The headers some problems carry. */
const problemHeaders: Partial<
  Record<string, Record<string, { $ref: string } | { description: string; schema: { type: 'string' } }>>
> = {
  401: {
    'WWW-Authenticate': { description: 'Always `Bearer realm="publish"`.', schema: { type: 'string' } },
  },
  405: { Allow: headerRef('Allow') },
  503: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
}

/** The OpenAPI 3.1 document of what `app` declared. */
export function openApiDocument(app: OpenAPIHono<AppEnv>, site: { url: string; title: string }) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: `${site.title} publish API`,
      version: '1.0.0',
      description:
        'Publish, update and delete the articles behind the RSS, Atom and JSON feeds. Errors are `application/problem+json` (RFC 9457). A method a path does not list answers 405 with `Allow`.',
    },
    servers: [{ url: site.url }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'articles' }, { name: 'meta' }],
  })
}

/** Methods in the order `Allow` lists them. */
const methodOrder = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']

/**
 * For each path `app` declared: documents its OPTIONS (204 with `Allow`) and hands `allow` the
 * methods it answers (HEAD wherever GET), in Hono's `:param` form, to answer the rest with 405.
 * `Allow` then says what the document says.
 */
export function declareOtherMethods(
  app: OpenAPIHono<AppEnv>,
  allow: (path: string, methods: readonly string[]) => void,
): void {
  const byPath = new Map<string, { methods: Set<string>; tags: string[] }>()
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue
    const { path, method, tags = [] } = definition.route
    const entry = byPath.get(path) ?? { methods: new Set<string>(), tags }
    entry.methods.add(method.toUpperCase())
    if (method === 'get') entry.methods.add('HEAD')
    byPath.set(path, entry)
  }
  for (const [path, { methods, tags }] of byPath) {
    app.openAPIRegistry.registerPath(
      createRoute({
        method: 'options',
        path,
        tags,
        summary: 'The methods this path answers',
        description: 'Any other method answers 405 with the same `Allow`.',
        responses: {
          204: {
            description: 'No content; `Allow` lists the methods.',
            headers: { Allow: headerRef('Allow') },
          },
          ...problemResponses(401, 500, 503),
        },
      }),
    )
    allow(
      path.replace(/\{(\w+)\}/g, ':$1'),
      [...methods].sort((a, b) => methodOrder.indexOf(a) - methodOrder.indexOf(b)),
    )
  }
}
