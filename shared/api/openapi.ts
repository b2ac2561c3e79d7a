/** Shared OpenAPI pieces: the error responses every route can give, and the bearer scheme. */
import { ErrorBody } from './errors.ts'

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorBody } }, description })

export const errorResponses = {
  400: err('The request is malformed; `issues` names each field and problem'),
  401: err('Missing or invalid credentials'),
  403: err('The key lacks the required scope'),
  404: err('No such resource (or it belongs to another tenant)'),
  413: err('The body is too large'),
  415: err('Unsupported content type'),
} as const

export const preconditionResponses = {
  409: err('A concurrent change won; fetch and retry'),
  412: err('The If-Match precondition is stale'),
  428: err('If-Match is required for this change'),
} as const

export const bearer = [{ bearerAuth: [] as string[] }]
