/** OpenAPI pieces of the report routes: the shared error responses plus the two only they give. */
import { ErrorBody } from '../errors.ts'

export { bearer, errorResponses } from '../openapi.ts'

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorBody } }, description })

export const unavailableResponse = { 503: err('The verdict log is not configured on this server') } as const
export const tooManyResponse = { 422: err('The window holds more verdicts than one export returns; narrow `from`/`to`') } as const
