/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * `cdk/bundling.ts`). Lambda hands a function its role's credentials in the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), the first link of the SDK's
 * default chain; the rest of the chain (SSO, profiles, web identity, process, IMDS, and the STS and
 * SSO clients they bring) never runs there and was about a quarter of each bundle.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env'
