import { baseUrlSetting, ConfigError, parseSettings } from '../lib/config.ts'

type Env = Readonly<Record<string, string | undefined>>

/** Reads an SSM parameter's value; `undefined` when it has none. */
export type GetParameter = (name: string) => Promise<string | undefined>

/**
 * GetParameter through the SDK's SSM client, evaluated only when a function reads the parameter:
 * with `SITE_URL` set (a custom domain) a cold start never runs the client's module code. esbuild
 * keeps one bundle and tree-shakes through our module, so only the one command is bundled
 * (tests/functions/cold-start-deferred.test.ts holds both).
 */
const getSsmParameter: GetParameter = async (name) =>
  (await import('./ssm-parameter.ts')).getSsmParameter(name)

/**
 * The site's public base URL, once per cold start: `SITE_URL` when the stack knows it up front (a
 * custom domain), else the SSM parameter named by `SITE_URL_PARAMETER`, whose value CloudFormation
 * sets to the distribution's domain once the distribution exists. Without either, or when the
 * parameter cannot be read, the function refuses to start: every link it wrote would point at the
 * wrong host, and CloudFront would cache them.
 */
export async function readSiteUrl(env: Env, getParameter: GetParameter = getSsmParameter): Promise<string> {
  if (env.SITE_URL?.trim()) return parseSettings(baseUrlSetting, env.SITE_URL, 'SITE_URL')
  const name = env.SITE_URL_PARAMETER?.trim()
  if (!name) {
    throw new ConfigError('SITE_URL or SITE_URL_PARAMETER must be set: the stack sets one on the function')
  }
  let value: string | undefined
  try {
    value = await getParameter(name)
  } catch (error) {
    throw new ConfigError(`SITE_URL_PARAMETER: the SSM parameter ${name} could not be read`, { cause: error })
  }
  if (value === undefined) throw new ConfigError(`SITE_URL_PARAMETER: the SSM parameter ${name} has no value`)
  return parseSettings(baseUrlSetting, value, `the SSM parameter ${name}`)
}
