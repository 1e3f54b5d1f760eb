import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { IncomingMessage } from 'node:http';
import { codeRequestErrors, type GraphQLServer, type ServerContext } from './yoga.js';

/** A JSON answer with nothing else to say (no cookies, no other headers). */
export interface PlainAnswer {
  status: number;
  contentType: string;
  payload: string;
}

type RegularMediaType = 'application/json' | 'application/graphql-response+json';
const PARAMS = new Set(['query', 'variables', 'operationName', 'extensions']);

/**
 * A plain JSON POST (what the dashboard, the CLI and scripts send) run through Yoga's envelop
 * directly: the same plugins (document cache, nesting and query limits, masked errors), the
 * same context and the same result processor, without building a Fetch Request and Response
 * and walking Yoga's request hooks, which were most of a small operation's server CPU.
 *
 * Whatever is not plainly answerable this way is left to Yoga (undefined), before anything
 * ran: a body that is not a JSON object of the known parameters, an Accept only Yoga's SSE or
 * multipart processors take, a document that does not parse or validate, a subscription, a
 * context that cannot be built (a bad credential). Yoga then answers it as it always did, with
 * its own error format and status. Once the operation has executed the answer is ours: a
 * mutation never runs twice.
 */
export async function executeDirectly(yoga: GraphQLServer, req: IncomingMessage, body: Buffer, context: ServerContext): Promise<PlainAnswer | Response | undefined> {
  if (!isJsonContentType(req.headers['content-type'])) return undefined;
  const mediaType = regularMediaType(req.headers.accept);
  const params = mediaType && plainParams(body);
  if (!params) return undefined;
  const enveloped = yoga.getEnveloped({ ...context, authorization: req.headers.authorization ?? null });
  let document: DocumentNode;
  try {
    document = enveloped.parse(params.query);
    const operation = getOperationAST(document, params.operationName);
    if (!operation || operation.operation === 'subscription') return undefined;
    if (enveloped.validate(enveloped.schema, document).length > 0) return undefined;
  } catch {
    return undefined; // Yoga reports it (parse errors, the nesting limit)
  }
  let contextValue: unknown;
  try {
    contextValue = await enveloped.contextFactory();
  } catch {
    return undefined; // a refused credential: Yoga authenticates again and answers the error
  }
  const result = (await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  })) as ExecutionResult;
  // A result with no errors and no extensions is what it is: 200 and its JSON, as Yoga's
  // processor would make it, without a Response to build and take apart again.
  if (!result.errors && !result.extensions) return { status: 200, contentType: `${mediaType}; charset=utf-8`, payload: JSON.stringify(result) };
  codeRequestErrors(result);
  return processRegularResult(result, yoga.fetchAPI, mediaType) as Response;
}

interface PlainParams {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The body as GraphQL parameters, if it is exactly what Yoga's parameter check accepts without remark. */
function plainParams(body: Buffer): PlainParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const params = parsed as Record<string, unknown>;
  for (const key in params) if (params[key] != null && !PARAMS.has(key)) return undefined;
  const { query, variables, operationName, extensions } = params;
  if (typeof query !== 'string' || extensions != null) return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
}

/** Yoga's test for its JSON body parser: the first listed type, `application/json` with or without parameters. */
function isJsonContentType(contentType: string | undefined): boolean {
  const first = contentType?.split(',')[0];
  return first === 'application/json' || !!first?.startsWith('application/json;');
}

/**
 * The media type Yoga's result processors would answer a single (not streamed) result with:
 * the first acceptable type listed (utf-8 only) that a regular processor takes, JSON when it
 * takes both. Undefined when none does (only SSE or multipart accepted): Yoga answers those.
 */
export function regularMediaType(accept: string | undefined): RegularMediaType | undefined {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType = '', ...parameters] = entry.split(';');
    const charset = parameters.find((parameter) => parameter.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [type, subtype] = mediaType.split('/');
    if (type !== '*' && type !== 'application') continue;
    if (subtype === '*' || subtype === 'json') return 'application/json';
    if (subtype === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return undefined;
}
