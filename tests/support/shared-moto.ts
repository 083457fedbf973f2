import { inject } from 'vitest'
import { type Moto, motoEnv, motoServerPath } from './moto.ts'
import type { SharedMotoAnswer } from './run-services.ts'

/**
 * The run's one moto_server (tests/support/run-services.ts starts it on first use), in a region of
 * this file's own: moto keeps each region's resources apart, so the files sharing it see none of
 * each other's (`region` asks for one region, which no other file gets then: the subscriber counter
 * exists in us-east-1 alone). Its `stop()` does nothing: the run stops it. Skip when `motoServerPath` is
 * undefined, as before.
 */
export async function sharedMoto(options: { readonly region?: string } = {}): Promise<Moto> {
  if (motoServerPath === undefined) throw new Error('moto_server is not on PATH')
  const query = options.region === undefined ? '' : `?region=${encodeURIComponent(options.region)}`
  const response = await fetch(`${inject('runServices')}/moto${query}`)
  if (!response.ok) throw new Error(`the run's moto_server did not start: ${await response.text()}`)
  const { endpoint, region } = (await response.json()) as SharedMotoAnswer
  return { ...motoEnv(endpoint, region), async stop() {} }
}
