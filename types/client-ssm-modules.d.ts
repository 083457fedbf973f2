// The two modules of @aws-sdk/client-ssm that functions/ssm-parameter.ts imports by path (the package
// has no `exports` map, and its types live in dist-types): the same classes as its index exports.
declare module '@aws-sdk/client-ssm/dist-es/SSMClient.js' {
  export { SSMClient } from '@aws-sdk/client-ssm'
}
declare module '@aws-sdk/client-ssm/dist-es/commands/GetParameterCommand.js' {
  export { GetParameterCommand } from '@aws-sdk/client-ssm'
}
