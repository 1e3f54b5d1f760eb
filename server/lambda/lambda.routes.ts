import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/http.util.js';
import type { RouteContext, Router } from '../http/router.js';
import type { Services } from '../services.js';
import { sendLambdaError } from './lambda.errors.js';
import { parseJsonBody } from './lambda.input.js';
import { invocationType } from './lambda.invoke.js';
import type { LambdaCaller } from './lambda.resolver.js';

/** The Lambda API's version prefix, fixed since 2015 and part of every path the SDKs call. */
export const LAMBDA_PREFIX = '/2015-03-31/functions';

type Operation = (call: LambdaCaller & { body: Buffer }, ctx: RouteContext) => Promise<void>;

/**
 * `/2015-03-31/functions/...`: the AWS Lambda API subset, SigV4-signed with an API key's
 * derived credentials (lambda.auth.ts), answered in Lambda's shapes, status codes and errors.
 */
export function registerLambdaRoutes(router: Router, services: Services): void {
  const { lambda, logger, config } = services;
  const bodyLimit = config.maxBodyBytes;
  // A ZipFile travels as base64 inside the JSON body.
  const codeLimit = Math.ceil((config.bundles.maxZippedBytes * 4) / 3) + 64 * 1024;

  const on = (method: string, paths: string | string[], operation: Operation, limit = bodyLimit) => {
    for (const path of Array.isArray(paths) ? paths : [paths]) {
      router.on(method, path, async (ctx) => {
        const requestId = String(ctx.res.getHeader('x-request-id') ?? '');
        ctx.res.setHeader('x-amzn-requestid', requestId);
        try {
          const call = await lambda.authenticator.authenticate(ctx.req, limit);
          await operation(call, ctx);
        } catch (error) {
          sendLambdaError(ctx.res, error, (err) => logger.error({ err, requestId }, 'unhandled error in the Lambda API'));
        }
      });
    }
  };
  const fn = `${LAMBDA_PREFIX}/:name`;
  const qualifier = (url: URL) => url.searchParams.get('Qualifier');

  on('POST', [LAMBDA_PREFIX, `${LAMBDA_PREFIX}/`], async (call, { res }) => answer(res, 201, await lambda.service.create(call, parseJsonBody(call.body))), codeLimit);
  on('GET', [LAMBDA_PREFIX, `${LAMBDA_PREFIX}/`], async (call, { res, url }) =>
    answer(res, 200, await lambda.service.list(call, url.searchParams.get('Marker'), url.searchParams.get('MaxItems'))),
  );
  on('GET', fn, async (call, { res, url, params }) => answer(res, 200, await lambda.service.get(call, params.name!, qualifier(url))));
  on('DELETE', fn, async (call, { res, url, params }) => {
    await lambda.service.delete(call, params.name!, qualifier(url));
    res.writeHead(204).end();
  });
  on('GET', `${fn}/configuration`, async (call, { res, url, params }) => answer(res, 200, await lambda.service.getConfiguration(call, params.name!, qualifier(url))));
  on('PUT', `${fn}/configuration`, async (call, { res, params }) => answer(res, 200, await lambda.service.updateConfiguration(call, params.name!, parseJsonBody(call.body))));
  on('PUT', `${fn}/code`, async (call, { res, params }) => answer(res, 200, await lambda.service.updateCode(call, params.name!, parseJsonBody(call.body))), codeLimit);
  on('POST', `${fn}/versions`, async (call, { res, params }) => answer(res, 201, await lambda.versions.publishVersion(call, params.name!)));
  on('GET', `${fn}/versions`, async (call, { res, params }) => answer(res, 200, await lambda.versions.listVersions(call, params.name!)));
  on('POST', `${fn}/aliases`, async (call, { res, params }) => answer(res, 201, await lambda.versions.createAlias(call, params.name!, parseJsonBody(call.body))));
  on('GET', `${fn}/aliases`, async (call, { res, params }) => answer(res, 200, await lambda.versions.listAliases(call, params.name!)));
  on('GET', `${fn}/aliases/:alias`, async (call, { res, params }) => answer(res, 200, await lambda.versions.getAlias(call, params.name!, params.alias!)));
  on('PUT', `${fn}/aliases/:alias`, async (call, { res, params }) =>
    answer(res, 200, await lambda.versions.updateAlias(call, params.name!, params.alias!, parseJsonBody(call.body))),
  );
  on('DELETE', `${fn}/aliases/:alias`, async (call, { res, params }) => {
    await lambda.versions.deleteAlias(call, params.name!, params.alias!);
    res.writeHead(204).end();
  });
  on('POST', `${fn}/invocations`, async (call, { req, res, url, params }) => {
    const type = invocationType(req.headers['x-amz-invocation-type']);
    const tail = header(req, 'x-amz-log-type') === 'Tail';
    const outcome = await lambda.service.invoke(call, params.name!, qualifier(url), type, call.body, tail);
    const body = outcome.body ?? '';
    res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...outcome.headers });
    res.end(body);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
