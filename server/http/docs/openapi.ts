import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import { authPaths, authSchemas } from './openapi.auth.js';
import { commonHeaders, commonParameters, commonResponses, commonSchemas, securitySchemes } from './openapi.common.js';
import { functionPaths, functionSchemas } from './openapi.functions.js';
import { invocationPaths, invocationSchemas } from './openapi.invocations.js';
import { lambdaPaths, lambdaSchemas, lambdaSecuritySchemes } from './openapi.lambda.js';
import { metricsPaths, metricsSchemas, metricsSecuritySchemes } from './openapi.metrics.js';
import type { OpenApiDocument } from './openapi.types.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

const DESCRIPTION = `The REST face of fnbox: the seed-compatible API of the original FastAPI service under \`/api/v1\`,
functions served by route under \`/fn\`, health and Prometheus metrics, and the AWS Lambda API subset under
\`/2015-03-31/functions\` (signed with AWS Signature V4, for the AWS SDKs and CLI). GraphQL (the complete API, with live
subscriptions) is at [/graphql](/graphql); its schema is [/docs/schema.graphql](/docs/schema.graphql).

**Authenticate** with \`Authorization: Bearer <token>\`: a JWT from \`POST /api/v1/auth/token\` (or register),
or an API key (\`fnbox_...\`). In this page, use *Authorize* with the username (or email) and password (OAuth2 password flow)
or paste a token under *bearer*.

**Errors** are \`{"error": {"code", "message"}, "detail"}\` with the codes of GraphQL's \`extensions.code\`;
429 and 503 carry \`Retry-After\`.`;

/** The whole document, assembled once per process: it depends on nothing at runtime. */
export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'fnbox',
    version: pkg.version,
    description: DESCRIPTION,
  },
  tags: [
    { name: 'auth', description: 'Accounts and tokens.' },
    { name: 'functions', description: 'Create, read, update and delete functions.' },
    { name: 'execution', description: 'Invoke a function by id.' },
    { name: 'metrics', description: 'Per-function statistics.' },
    { name: 'routes', description: 'Functions as HTTP endpoints under /fn.' },
    { name: 'platform', description: 'Health and Prometheus metrics.' },
    { name: 'lambda', description: 'The AWS Lambda API subset (AWS SDKs and CLI with a custom endpoint), signed with AWS Signature V4.' },
  ],
  paths: { ...authPaths, ...functionPaths, ...invocationPaths, ...metricsPaths, ...lambdaPaths },
  components: {
    schemas: { ...commonSchemas, ...authSchemas, ...functionSchemas, ...invocationSchemas, ...metricsSchemas, ...lambdaSchemas },
    responses: commonResponses,
    parameters: commonParameters,
    headers: commonHeaders,
    securitySchemes: { ...securitySchemes, ...metricsSecuritySchemes, ...lambdaSecuritySchemes },
  },
  // Either scheme authenticates; operations that need none say `security: []`.
  security: [{ bearer: [] }, { password: [] }],
};
