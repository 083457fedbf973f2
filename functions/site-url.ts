import { baseUrlSetting, ConfigError, parseSettings } from '../lib/config.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'

type Env = Readonly<Record<string, string | undefined>>

/** Reads an SSM parameter's value; `undefined` when it has none. */
export type GetParameter = (name: string) => Promise<string | undefined>

/**
 * GetParameter through the SDK, with the store's fail-fast settings. The client is loaded only when
 * a parameter is read: with a custom domain (SITE_URL set) its module is never evaluated, about
 * 10 ms of CPU less per cold start.
 */
export const getSsmParameter: GetParameter = async (name) => {
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm')
  const client = new SSMClient(dynamoClientOptions)
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name }))
    return Parameter?.Value
  } finally {
    client.destroy()
  }
}

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
