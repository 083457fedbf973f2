import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'

/** GetParameter through the SDK, with the store's fail-fast settings; `undefined` when it has no value. */
export async function getSsmParameter(name: string): Promise<string | undefined> {
  const client = new SSMClient(dynamoClientOptions)
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name }))
    return Parameter?.Value
  } finally {
    client.destroy()
  }
}
