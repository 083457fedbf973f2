import { existsSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

/**
 * Suites that need no process of their own (no chdir, no browser, no module state of their own) run
 * in worker threads that share their imports (`isolate: false`): the AWS SDK, Hono and zod load once
 * per worker, not once per file. The whole suite on a quiet two-core machine: 335 s isolated, 256 s
 * shared. The rest keep vitest's default, forks.
 */
const threaded = [
  'tests/articles/**/*.test.ts',
  'tests/feeds/**/*.test.ts',
  'tests/pages/**/*.test.ts',
  // Spawns the CLI and servers, none of which needs a process of its own: 164 s against 224 s.
  'tests/cli/**/*.test.ts',
  // The apps and the store over dynalite: nothing here changes the process (no chdir, no exit).
  'tests/http/**/*.test.ts',
  'tests/store/**/*.test.ts',
  'tests/notify/**/*.test.ts',
  'tests/desk/**/*.test.ts',
  'tests/subscribers/**/*.test.ts',
  'tests/config/**/*.test.ts',
  // Nor do these (no chdir, no exit, no stubbed environment): in forks each paid its own imports,
  // about a third of their time. Chromium and the CLI run as child processes from a thread as well.
  'tests/reliability/**/*.test.ts',
  'tests/bench/**/*.test.ts',
  'tests/bin/**/*.test.ts',
  'tests/architecture.test.ts',
  'tests/config.test.ts',
  'tests/bounded-lru.test.ts',
  // Function suites that stub no environment and import no bundle into the process (they run
  // bundles in child processes): a fork each paid its start and its imports (the AWS SDK, aws-cdk-lib
  // for cdk/bundling.ts) per file. zod-alias and htmlparser2-alias import bundles: forks still.
  'tests/functions/bundles.test.ts',
  'tests/functions/cached-secret.test.ts',
  'tests/functions/cold-start-deferred.test.ts',
  'tests/functions/lambda-adapter.test.ts',
  'tests/functions/notifier-moto.test.ts',
  'tests/functions/notifier.test.ts',
  'tests/functions/publish-start.test.ts',
  'tests/functions/site-url.test.ts',
]

/**
 * The browser suites, each launching its own Chromium. vitest runs the projects in the order of their
 * names: `browser` first, so its files, the longest of the suite (20–40 s each), start at once instead
 * of last, and the short files fill in beside them. One Chromium shared by the files (a `globalSetup`
 * running Playwright's browser server in vitest's main process) saved about 5 s of CPU, but under a
 * second `npm test` the desk's form submission twice waited past Playwright's 30 s for its navigation:
 * each file launches its own again, as before, steady under the same load.
 */
const browser = ['tests/browser/**/*.test.ts']

/**
 * The browser suites' Chromium: Debian's headless shell where it is installed (`apt-get install
 * chromium-headless-shell`), the same engine and version without the browser around it: the two suites
 * 53.7, 63.7 → 36.7, 38.8 s of CPU, all green. Otherwise `/usr/bin/chromium`, or CHROMIUM_PATH when set
 * (bin/browser/look-at-page.ts). `npm run screenshots` keeps the whole browser.
 */
const headlessShell = '/usr/bin/chromium-headless-shell'
const chromium =
  process.env.CHROMIUM_PATH === undefined && existsSync(headlessShell) ? { CHROMIUM_PATH: headlessShell } : {}

/**
 * The CDK suites import aws-cdk-lib (seconds each) and synthesise stacks they only read: one
 * process runs them all, so the library loads and warms up once (isolate: false), not per file.
 */
const cdk = ['tests/cdk/**/*.test.ts']

/** Suites that need modules of their own, freshly imported: they run isolated, in forks. */
const ownModules = ['tests/articles/slug-scripts-lazy.test.ts']

export default defineConfig({
  test: {
    // Each project names its own files: with `extends: true` a list here would be added to theirs.
    // Generous: a timeout is there to end a hang, and must not fire on a machine loaded by a second run.
    testTimeout: 120_000,
    // Two workers on two cores: most suites wait on dynalite, a spawned process or Chromium, so a
    // second file runs while the first waits (the whole suite 480 s with vitest's default of one
    // worker on two cores, 342 s with two; three were no faster).
    maxWorkers: 2,
    hookTimeout: 300_000,
    // The function bundles and one moto_server, each made at most once a run, on first use
    // (tests/support/run-services.ts): files built and started their own, 2–5 times each.
    globalSetup: ['tests/support/run-services.ts'],
    // Node 20 is this machine's runtime; the AWS SDK's notice about future support is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...chromium },
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: browser,
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'threads', include: threaded, exclude: ownModules, pool: 'threads', isolate: false },
      },
      { extends: true, test: { name: 'cdk', include: cdk, pool: 'forks', isolate: false } },
      {
        extends: true,
        test: {
          name: 'forks',
          include: ['tests/**/*.test.ts'],
          exclude: [...threaded, ...browser, ...cdk],
          pool: 'forks',
        },
      },
      { extends: true, test: { name: 'own-modules', include: ownModules, pool: 'forks' } },
    ],
  },
})
