import { json, schemaRef } from './openapi.common.js';
import type { Operation, Parameter, PathItem, Paths, Response, Schema } from './openapi.types.js';

/**
 * The AWS Lambda API subset of server/lambda/: the shapes of the Lambda API reference (only
 * the fields fnbox fills), signed with AWS Signature V4 rather than a bearer token.
 */
const SIGV4 = [{ sigv4: [] }];
const P = '/2015-03-31/functions';

export const lambdaSecuritySchemes = {
  sigv4: {
    type: 'apiKey' as const,
    in: 'header' as const,
    name: 'Authorization',
    description:
      'AWS Signature Version 4 (service `lambda`, any region), header or presigned-query form, as the AWS SDKs and CLI sign. ' +
      'The credentials are an API key\'s `accessKeyId` and `secretAccessKey` from the GraphQL `createApiKey` mutation. ' +
      'Requests more than 15 minutes from the server clock are refused ("Signature expired").',
  },
};

export const lambdaSchemas: Record<string, Schema> = {
  LambdaError: {
    type: 'object',
    description: 'Every Lambda API error; its name (ResourceNotFoundException, InvalidSignatureException, ...) is in the `x-amzn-ErrorType` header.',
    required: ['Type', 'message'],
    properties: { Type: { type: 'string', enum: ['User', 'Service'] }, message: { type: 'string' } },
  },
  FunctionConfiguration: {
    type: 'object',
    properties: {
      FunctionName: { type: 'string' },
      FunctionArn: { type: 'string', examples: ['arn:aws:lambda:us-east-1:123456789012:function:hello'] },
      Runtime: { type: 'string', enum: ['python3.12', 'nodejs20.x'], description: 'What the runtime image runs, whatever python3.x / nodejs<N>.x was asked for.' },
      Role: { type: 'string' },
      Handler: { type: 'string', examples: ['app.handler'] },
      CodeSize: { type: 'integer' },
      Description: { type: 'string' },
      Timeout: { type: 'integer', description: 'Seconds.' },
      MemorySize: { type: 'integer', description: 'MB.' },
      LastModified: { type: 'string', examples: ['2026-11-30T07:00:00.000+0000'] },
      CodeSha256: { type: 'string', description: "Base64 SHA-256 of the function's canonical bundle (not of the zip sent)." },
      Version: { type: 'string', examples: ['$LATEST'] },
      Environment: { type: 'object', properties: { Variables: { type: 'object', additionalProperties: { type: 'string' } } } },
      RevisionId: { type: 'string' },
      State: { type: 'string', enum: ['Pending', 'Active', 'Failed'] },
      LastUpdateStatus: { type: 'string', enum: ['InProgress', 'Successful', 'Failed'] },
      PackageType: { type: 'string', const: 'Zip' },
    },
  },
  AliasConfiguration: {
    type: 'object',
    description: 'An alias (server/aliases/): `RoutingConfig.AdditionalVersionWeights` is its canary, one version and its share of calls.',
    properties: {
      AliasArn: { type: 'string' },
      Name: { type: 'string', examples: ['live'] },
      FunctionVersion: { type: 'string', examples: ['3'] },
      RoutingConfig: { type: 'object', properties: { AdditionalVersionWeights: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 1 } } } },
      RevisionId: { type: 'string' },
    },
  },
  CreateFunctionRequest: {
    type: 'object',
    required: ['FunctionName', 'Runtime', 'Code'],
    properties: {
      FunctionName: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
      Runtime: { type: 'string', description: 'python3.x -> PYTHON, nodejs<N>.x -> NODE.', examples: ['python3.12'] },
      Role: { type: 'string', description: 'Accepted and ignored.' },
      Handler: { type: 'string', description: '"<file>.<export>"; default main.handler (Python), index.handler (Node).' },
      Code: { type: 'object', required: ['ZipFile'], properties: { ZipFile: { type: 'string', format: 'byte', description: 'The zip, base64.' } } },
      Timeout: { type: 'integer', description: 'Seconds; default 30 (fnbox\'s, not Lambda\'s 3).' },
      MemorySize: { type: 'integer' },
      Environment: { type: 'object', properties: { Variables: { type: 'object', additionalProperties: { type: 'string' } } } },
    },
  },
};

const name: Parameter = { name: 'name', in: 'path', required: true, description: "FunctionName: the function's name among the caller's, its id, or an ARN (`...:function:<name>[:<qualifier>]`).", schema: { type: 'string' } };
const qualifier: Parameter = { name: 'Qualifier', in: 'query', required: false, description: '`$LATEST`, a version number or an alias name.', schema: { type: 'string' } };
const aliasName: Parameter = { name: 'alias', in: 'path', required: true, description: 'The alias name.', schema: { type: 'string' } };
const alias = (description: string, status = 200): Record<string, Response> => ({ [status]: { description, content: json(schemaRef('AliasConfiguration')) } });
const configuration = (description: string, status = 200): Record<string, Response> => ({ [status]: { description, content: json(schemaRef('FunctionConfiguration')) } });
const failures = (...statuses: number[]): Record<string, Response> =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: ERRORS[status] ?? 'Error.', content: json(schemaRef('LambdaError')) }]));
const ERRORS: Record<number, string> = {
  400: 'InvalidParameterValueException, InvalidRequestContentException or IncompleteSignatureException.',
  403: 'MissingAuthenticationTokenException, InvalidSignatureException (also "Signature expired") or UnrecognizedClientException (unknown or revoked key).',
  404: "ResourceNotFoundException: no such function among the caller's (another user's is not found either).",
  409: 'ResourceConflictException: a function of that name exists.',
  413: 'RequestTooLargeException.',
  429: 'TooManyRequestsException (with Retry-After).',
};
const op = (operationId: string, summary: string, rest: Omit<Operation, 'operationId' | 'summary' | 'tags' | 'security'>): Operation => ({ operationId, summary, tags: ['lambda'], security: SIGV4, ...rest });

const collection: PathItem = {
  get: op('lambdaListFunctions', 'ListFunctions', {
    description: "The caller's functions by name, `MaxItems` (default 50) at a time; pass `NextMarker` back as `Marker`.",
    parameters: [
      { name: 'Marker', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'MaxItems', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } },
    ],
    responses: {
      200: { description: 'A page.', content: json({ type: 'object', properties: { Functions: { type: 'array', items: schemaRef('FunctionConfiguration') }, NextMarker: { type: 'string' } } }) },
      ...failures(400, 403),
    },
  }),
  post: op('lambdaCreateFunction', 'CreateFunction', {
    description: 'From a zip (Code.ZipFile, base64). S3 code and container images are not supported.',
    requestBody: { required: true, content: json(schemaRef('CreateFunctionRequest')) },
    responses: { ...configuration('Created.', 201), ...failures(400, 403, 409, 413) },
  }),
};

/** The same operations with a trailing slash, the path botocore (the AWS CLI, boto3) sends. */
const slashed = (item: PathItem): PathItem =>
  Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { ...(operation as Operation), operationId: `${(operation as Operation).operationId}Slash` }]));

export const lambdaPaths: Paths = {
  [P]: collection,
  [`${P}/`]: slashed(collection),
  [`${P}/{name}`]: {
    parameters: [name],
    get: op('lambdaGetFunction', 'GetFunction', {
      parameters: [qualifier],
      responses: { 200: { description: '`{Configuration, Code, Tags}`.', content: json({ type: 'object', properties: { Configuration: schemaRef('FunctionConfiguration'), Code: { type: 'object' } } }) }, ...failures(403, 404) },
    }),
    delete: op('lambdaDeleteFunction', 'DeleteFunction', { parameters: [qualifier], responses: { 204: { description: 'Deleted.' }, ...failures(400, 403, 404) } }),
  },
  [`${P}/{name}/configuration`]: {
    parameters: [name],
    get: op('lambdaGetFunctionConfiguration', 'GetFunctionConfiguration', {
      description: '`State` and `LastUpdateStatus` drive the SDK waiters (waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2).',
      parameters: [qualifier],
      responses: { ...configuration('The configuration.'), ...failures(403, 404) },
    }),
    put: op('lambdaUpdateFunctionConfiguration', 'UpdateFunctionConfiguration', {
      description: 'Handler, Runtime, Timeout, MemorySize, Environment (its Variables replace all of the previous ones).',
      requestBody: { required: true, content: json({ type: 'object' }) },
      responses: { ...configuration('Updated: a new version.'), ...failures(400, 403, 404) },
    }),
  },
  [`${P}/{name}/code`]: {
    parameters: [name],
    put: op('lambdaUpdateFunctionCode', 'UpdateFunctionCode', {
      description: 'A new zip (`ZipFile`, base64); the handler stays.',
      requestBody: { required: true, content: json({ type: 'object', required: ['ZipFile'], properties: { ZipFile: { type: 'string', format: 'byte', description: 'The zip, base64.' } } }) },
      responses: { ...configuration('Updated: a new version.'), ...failures(400, 403, 404, 413) },
    }),
  },
  [`${P}/{name}/versions`]: {
    parameters: [name],
    post: op('lambdaPublishVersion', 'PublishVersion', {
      description: 'Every change already publishes an immutable numbered version: this answers the newest one (Version and a qualified FunctionArn).',
      responses: { ...configuration('The newest version.', 201), ...failures(403, 404) },
    }),
    get: op('lambdaListVersionsByFunction', 'ListVersionsByFunction', {
      description: '`$LATEST`, then every version, newest first.',
      responses: { 200: { description: 'Versions.', content: json({ type: 'object', properties: { Versions: { type: 'array', items: schemaRef('FunctionConfiguration') } } }) }, ...failures(403, 404) },
    }),
  },
  [`${P}/{name}/aliases`]: {
    parameters: [name],
    post: op('lambdaCreateAlias', 'CreateAlias', {
      description: '`{Name, FunctionVersion, RoutingConfig}`; alias `live` is what unqualified calls run.',
      requestBody: { required: true, content: json({ type: 'object', required: ['Name', 'FunctionVersion'] }) },
      responses: { ...alias('Created.', 201), ...failures(400, 403, 404, 409) },
    }),
    get: op('lambdaListAliases', 'ListAliases', {
      responses: { 200: { description: 'Aliases.', content: json({ type: 'object', properties: { Aliases: { type: 'array', items: schemaRef('AliasConfiguration') } } }) }, ...failures(403, 404) },
    }),
  },
  [`${P}/{name}/aliases/{alias}`]: {
    parameters: [name, aliasName],
    get: op('lambdaGetAlias', 'GetAlias', { responses: { ...alias('The alias.'), ...failures(403, 404) } }),
    put: op('lambdaUpdateAlias', 'UpdateAlias', {
      description: 'Only what is given changes: without RoutingConfig the canary stays; an empty one ends it.',
      requestBody: { required: true, content: json({ type: 'object' }) },
      responses: { ...alias('Updated.'), ...failures(400, 403, 404) },
    }),
    delete: op('lambdaDeleteAlias', 'DeleteAlias', { responses: { 204: { description: 'Deleted.' }, ...failures(403, 404) } }),
  },
  [`${P}/{name}/invocations`]: {
    parameters: [name],
    post: op('lambdaInvoke', 'Invoke', {
      description:
        'The body is the event (JSON; empty is `{}`). RequestResponse answers 200 with the result; a failed function is still a 200, with ' +
        '`X-Amz-Function-Error: Unhandled` and `{errorMessage, errorType, stackTrace}`. Event answers 202 and runs through the durable async queue ' +
        '(retries, dead letters). DryRun answers 204.',
      parameters: [
        qualifier,
        { name: 'X-Amz-Invocation-Type', in: 'header', required: false, schema: { type: 'string', enum: ['RequestResponse', 'Event', 'DryRun'] } },
        { name: 'X-Amz-Log-Type', in: 'header', required: false, description: '`Tail`: the last 4 KB of logs, base64, in `X-Amz-Log-Result`.', schema: { type: 'string', enum: ['None', 'Tail'] } },
      ],
      requestBody: { required: false, content: json({}) },
      responses: {
        200: {
          description: 'The result (or the error document).',
          headers: {
            'X-Amz-Function-Error': { description: '`Unhandled` when the function failed.', schema: { type: 'string' } },
            'X-Amz-Log-Result': { description: 'Base64 of the last 4 KB of logs (with LogType Tail).', schema: { type: 'string' } },
            'X-Amz-Executed-Version': { description: 'The version that ran.', schema: { type: 'string' } },
          },
          content: json({}),
        },
        202: { description: 'Queued (Event).' },
        204: { description: 'Allowed (DryRun).' },
        ...failures(400, 403, 404, 413, 429),
      },
    }),
  },
};
