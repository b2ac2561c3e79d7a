/**
 * serverless.yml (deployed with osls, which is not a dependency, so `osls package` is not run here)
 * checked against the code it deploys: the handler is what `npm run build:lambda` builds from
 * functions/lambda.ts and that bundle answers on its own; the table equals table.ts (through
 * infra/dynamodb-table.json, which serverless.yml includes); IAM allows exactly the DynamoDB actions
 * the adapter's commands need, on the table's ARN only.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse, type ScalarTag } from 'yaml'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { tableDefinition, timeToLive } from '../../shared/store/dynamodb/table.ts'

const root = resolve(__dirname, '../..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')

// CloudFormation's short forms, read the way CloudFormation reads them.
const cfnTags: ScalarTag[] = [
  { tag: '!Ref', resolve: (value) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value) => ({ 'Fn::GetAtt': value.split('.') }) },
]
const sls = parse(read('serverless.yml'), { customTags: cfnTags })
const tableJson = JSON.parse(read('infra/dynamodb-table.json'))

/** Resolves osls's `${file(path):a.b}` reference the way the framework does. */
function resolveFileRef(value: unknown): unknown {
  const m = typeof value === 'string' ? /^\$\{file\(([^)]+)\):([\w.]+)\}$/.exec(value) : null
  if (!m) return value
  return (m[2] as string).split('.').reduce<any>((node, key) => node?.[key], JSON.parse(read(m[1] as string)))
}

/** The IAM action each command of the document client needs (transactions: one per item kind). */
const ACTION_OF_COMMAND: Record<string, string[]> = {
  GetCommand: ['GetItem'],
  PutCommand: ['PutItem'],
  UpdateCommand: ['UpdateItem'],
  DeleteCommand: ['DeleteItem'],
  QueryCommand: ['Query'],
  ScanCommand: ['Scan'],
  BatchGetCommand: ['BatchGetItem'],
  BatchWriteCommand: ['BatchWriteItem'],
  TransactGetCommand: ['GetItem'],
  TransactWriteCommand: [], // authorised per item: see ACTION_OF_TRANSACT_ITEM
}
const ACTION_OF_TRANSACT_ITEM: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }

/** What shared/store/dynamodb sends, read from its source. */
function actionsTheAdapterNeeds(): string[] {
  const dir = join(root, 'shared/store/dynamodb')
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
  const commands = new Set([...text.matchAll(/new (\w+Command)\(/g)].map((m) => m[1] as string))
  expect(commands.size, 'no commands found: has the adapter moved?').toBeGreaterThan(0)
  const actions = new Set<string>()
  for (const command of commands) {
    const mapped = ACTION_OF_COMMAND[command]
    expect(mapped, `${command} has no IAM mapping in this test; add it (and to serverless.yml)`).toBeDefined()
    for (const a of mapped ?? []) actions.add(a)
  }
  if (commands.has('TransactWriteCommand')) {
    for (const m of text.matchAll(/\{\s*(Put|Update|Delete|ConditionCheck)\s*:/g)) actions.add(ACTION_OF_TRANSACT_ITEM[m[1] as string] as string)
  }
  return [...actions].map((a) => `dynamodb:${a}`).sort()
}

describe('serverless.yml', () => {
  const fn = sls.functions.api
  const [handlerModule, handlerExport] = [fn.handler.slice(0, fn.handler.lastIndexOf('.')), fn.handler.slice(fn.handler.lastIndexOf('.') + 1)]
  const build: string[] = JSON.parse(read('package.json')).scripts['build:lambda'].split(/\s+/)
  const outfile = build.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length)

  it('runs Node 20 behind an HTTP API that sends every path to the function', () => {
    expect(sls.provider.name).toBe('aws')
    expect(sls.provider.runtime).toBe('nodejs20.x')
    expect(fn.events.map((e: { httpApi: string }) => e.httpApi)).toEqual(['ANY /', 'ANY /{proxy+}'])
  })

  it('points the handler at the bundle `npm run build:lambda` makes from functions/lambda.ts, and packages only that', () => {
    expect(build.slice(0, 2)).toEqual(['esbuild', 'functions/lambda.ts'])
    expect(build).toContain('--bundle')
    expect([`${handlerModule}.cjs`, `${handlerModule}.js`, `${handlerModule}.mjs`]).toContain(outfile)
    expect(handlerExport).toBe('handler')
    expect(read('functions/lambda.ts')).toMatch(/^export const handler\b/m)
    expect(sls.package.patterns).toEqual(['!**', `${handlerModule.slice(0, handlerModule.lastIndexOf('/'))}/**`])
  })

  it('passes every setting functions/lambda.ts reads, with the table by reference', () => {
    const read_ = [...read('functions/lambda.ts').matchAll(/setting\('(\w+)'/g)].map((m) => m[1])
    expect(read_).toContain('VERDICT_TABLE')
    expect(Object.keys(sls.provider.environment).sort()).toEqual([...read_].sort())
    expect(sls.provider.environment.VERDICT_TABLE).toEqual({ Ref: 'VerdictTable' })
  })

  it('creates the table exactly as table.ts defines it (via infra/dynamodb-table.json)', () => {
    const table = resolveFileRef(sls.resources.Resources.VerdictTable) as any
    expect(table).toEqual(tableJson.Resources.VerdictTable)
    expect(table.Type).toBe('AWS::DynamoDB::Table')
    const { KeySchema, AttributeDefinitions, BillingMode, TimeToLiveSpecification, ...rest } = table.Properties
    expect({ KeySchema, AttributeDefinitions, BillingMode }).toEqual(tableDefinition)
    expect(TimeToLiveSpecification).toEqual(timeToLive)
    // Anything else (a GSI, a fixed name, streams) would be a difference from table.ts.
    expect(rest).toEqual({})
  })

  it('grants exactly the DynamoDB actions the adapter sends, on the table ARN only', () => {
    const statements: { Effect: string; Action: string[]; Resource: unknown }[] = sls.provider.iam.role.statements
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')))
    expect(dynamo).toHaveLength(1)
    const [statement] = dynamo
    expect(statement?.Effect).toBe('Allow')
    expect(statement?.Resource).toEqual({ 'Fn::GetAtt': ['VerdictTable', 'Arn'] })
    expect([...(statement?.Action ?? [])].sort()).toEqual(actionsTheAdapterNeeds())
  })
})

describe('the Lambda bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'verdict-lambda-bundle-'))
  afterAll(() => {
    vi.unstubAllEnvs()
    rmSync(out, { recursive: true, force: true })
  })

  it('builds with the build:lambda script and answers on its own, outside the repo', async () => {
    const script: string = JSON.parse(read('package.json')).scripts['build:lambda']
    const args = script.split(/\s+/).slice(1).map((a) => (a.startsWith('--outfile=') ? `--outfile=${join(out, 'index.cjs')}` : a))
    const built = spawnSync(join(root, 'node_modules/.bin/esbuild'), args, { cwd: root, encoding: 'utf8', timeout: 60_000 })
    expect(built.status, built.stderr).toBe(0)

    vi.stubEnv('VERDICT_TABLE', 'verdict-bundle-test')
    vi.stubEnv('AWS_REGION', 'us-east-1')
    const { handler } = createRequire(join(out, 'package.json'))('./index.cjs')
    const event = (method: string, path: string) => ({
      version: '2.0',
      routeKey: 'ANY /{proxy+}',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
      requestContext: { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' } },
      body: null,
      isBase64Encoded: false,
    })
    const health = await handler(event('GET', '/healthz'))
    expect(health.statusCode).toBe(200)
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' })
    // Operator routes refuse a caller without a token before any store call.
    expect((await handler(event('POST', '/v1/tenants'))).statusCode).toBe(401)
  }, 60_000)
})

describe('infra/dynamodb-table.json', () => {
  it('is a CloudFormation template whose only resource is the table', () => {
    expect(tableJson.AWSTemplateFormatVersion).toBe('2010-09-09')
    expect(Object.keys(tableJson.Resources)).toEqual(['VerdictTable'])
    expect(tableJson.Resources.VerdictTable.DeletionPolicy).toBe('Retain')
  })
})
