/**
 * The subset of OpenAPI 3.1 this project writes. Typed by hand rather than pulled from a
 * package: a few interfaces catch misspelt keys at compile time, which is all we need.
 */

/** JSON Schema 2020-12 as OpenAPI 3.1 embeds it (nullable is `type: ['x', 'null']`). */
export interface Schema {
  $ref?: string;
  type?: JsonType | JsonType[];
  description?: string;
  format?: string;
  enum?: readonly (string | number | boolean | null)[];
  const?: string | number | boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  maxItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface MediaType {
  schema?: Schema;
  example?: unknown;
}

export interface Header {
  description?: string;
  schema: Schema;
}

export interface Response {
  description: string;
  headers?: Record<string, Header | Ref>;
  content?: Record<string, MediaType>;
}

export interface Ref {
  $ref: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface RequestBody {
  description?: string;
  required?: boolean;
  content: Record<string, MediaType>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: (Parameter | Ref)[];
  requestBody?: RequestBody;
  responses: Record<string, Response | Ref>;
  /** `[]` marks a public operation; absent inherits the document's default. */
  security?: Record<string, string[]>[];
}

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
export type PathItem = Partial<Record<Method, Operation>> & { parameters?: (Parameter | Ref)[] };
export type Paths = Record<string, PathItem>;

export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string }
  | { type: 'oauth2'; description?: string; flows: { password: { tokenUrl: string; scopes: Record<string, string> } } }
  | { type: 'apiKey'; in: 'header'; name: string; description?: string };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string; license?: { name: string; identifier?: string } };
  jsonSchemaDialect?: string;
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Paths;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, Response>;
    parameters: Record<string, Parameter>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, SecurityScheme>;
  };
  security: Record<string, string[]>[];
}
