import { defineConfig } from 'vitest/config'

/**
 * Suites that need no process of their own (no chdir, no browser) run in worker
 * threads, which start and import faster than forked processes (tests/articles: about 17 s in
 * threads against 26 s in forks on a busy two-core machine); the rest keep vitest's default, forks.
 */
const threaded = [
  'tests/articles/**/*.test.ts',
  'tests/feeds/**/*.test.ts',
  'tests/pages/**/*.test.ts',
  // Spawns the CLI and servers, none of which needs a process of its own: 164 s against 224 s.
  'tests/cli/**/*.test.ts',
]

/**
 * The CDK suites import aws-cdk-lib (seconds each) and synthesise stacks they only read: one
 * process runs them all, so the library loads and warms up once (isolate: false), not per file.
 */
const cdk = ['tests/cdk/**/*.test.ts']

export default defineConfig({
  test: {
    // Each project names its own files: with `extends: true` a list here would be added to theirs.
    // Generous: a timeout is there to end a hang, and must not fire on a machine loaded by a second run.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Node 20 is this machine's runtime; the AWS SDK's notice about future support is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'threads', include: threaded, pool: 'threads' } },
      { extends: true, test: { name: 'cdk', include: cdk, pool: 'forks', isolate: false } },
      {
        extends: true,
        test: {
          name: 'forks',
          include: ['tests/**/*.test.ts'],
          exclude: [...threaded, ...cdk],
          pool: 'forks',
        },
      },
    ],
  },
})
