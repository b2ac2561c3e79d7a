/**
 * What every workerd test shares: a Worker entry bundled the way wrangler bundles it, and the
 * bindings that point the Worker's AWS SDK at a DynamoDB Local.
 */
import { build } from 'esbuild'

/** `entry` bundled as wrangler bundles a Worker, as text. */
export async function bundleWorker(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'], write: false, logLevel: 'silent' })
  return out.outputFiles[0]!.text
}

/** AWS settings for a DynamoDB Local (any credentials do); without an endpoint the Worker never reaches one. */
export function localAwsBindings(endpoint?: string): Record<string, string> {
  return { ...(endpoint ? { VERDICT_DYNAMODB_ENDPOINT: endpoint } : {}), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }
}
