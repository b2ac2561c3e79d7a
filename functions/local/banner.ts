/**
 * @module functions/local/banner — what `npm start` prints once the server answers: where it is,
 * where its data lives, the root token (only when it was just generated) and the first request to
 * make. Pure text, so its wording is tested without starting anything.
 */
import type { RootToken } from './root-token.ts'

/** The start-up message for a server at `url` keeping its data in `dataDir`. */
export function banner(url: string, dataDir: string, root: RootToken): string {
  return [
    `Verdict is running at ${url}  (API reference: ${url}/docs)`,
    `Data: ${dataDir} (DynamoDB Local; survives restarts)`,
    '',
    ...rootTokenLines(root),
    '',
    'Create a tenant and its first admin key (the answer holds the key\'s secret, shown once):',
    `  curl -s -X POST ${url}/v1/tenants \\`,
    '    -H "Authorization: Bearer $VERDICT_ROOT_TOKEN" \\',
    "    -H 'Content-Type: application/json' \\",
    `    -d '{"tenantId":"acme","name":"Acme Corp"}'`,
    '',
    'Ctrl-C stops the server; the data stays.',
  ].join('\n')
}

function rootTokenLines(root: RootToken): string[] {
  switch (root.source) {
    case 'env':
      return ['Operator root token: taken from VERDICT_ROOT_TOKEN.']
    case 'generated':
      return [
        `Operator root token, shown only this once (only its SHA-256 is kept, in ${root.file}):`,
        `  export VERDICT_ROOT_TOKEN=${root.token}`,
      ]
    case 'file':
      return [
        `Operator root token: the one printed on first start (only its hash is kept, in ${root.file}).`,
        `  Lost it? Stop the server, delete ${root.file} and start again to get a new one.`,
      ]
  }
}
