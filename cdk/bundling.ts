import { relative } from 'node:path'
import { AssetHashType, DockerImage } from 'aws-cdk-lib'
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda'
import { buildSync } from 'esbuild'
import { esbuildOptions, projectRoot } from './esbuild-options.ts'

/**
 * How the Lambda entries are built, in one place: the stack's functions take `functionCode`, and
 * the bundle tests and the cold-start bench hand `esbuildOptions` to esbuild themselves, so what is
 * tested and measured is what is deployed.
 */

export {
  bundleAliases,
  bundleEntry,
  esbuildOptions,
  filesLoadedAtStart,
  functionEntries,
  projectRoot,
} from './esbuild-options.ts'

/** The newest Node.js Lambda runtime; the esbuild target (`cdk/esbuild-options.ts`) follows it. */
export const lambdaRuntime = Runtime.NODEJS_24_X

/**
 * A function's code asset: `esbuildOptions` run by the local esbuild at synth, as `NodejsFunction`
 * does its local bundling (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.ts: `Code.fromAsset` of the
 * project root, hashed by its output, a placeholder image that never runs). `NodejsFunction` cannot
 * split a bundle: it hands esbuild `--outfile`. No Docker: a failed build fails the synth.
 */
export function functionCode(entry: string): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      // Never read: CDK stages an asset once per source path and bundling options, and cannot see
      // the entry inside tryBundle; without it in the options every function gets the first bundle.
      environment: { ENTRY: relative(projectRoot, entry) },
      local: {
        tryBundle(outputDir) {
          buildSync(esbuildOptions(entry, outputDir))
          return true
        },
      },
    },
  })
}
