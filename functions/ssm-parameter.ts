// The client and the one command by their own modules, not the package's index: this module is
// loaded through import() (site-url.ts), and esbuild keeps every export of an index reached that way
// (about 100 KB more of the SSM client). types/client-ssm-modules.d.ts gives them the index's types.
import { GetParameterCommand } from '@aws-sdk/client-ssm/dist-es/commands/GetParameterCommand.js'
import { SSMClient } from '@aws-sdk/client-ssm/dist-es/SSMClient.js'
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
