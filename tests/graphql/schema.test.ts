import fs from 'node:fs';
import { buildSchema, isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../server/graphql/schema.js';

describe('schema.graphql', () => {
  it('matches what the code builds (run `npm run schema:print` after changing the schema)', () => {
    const committed = fs.readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });

  it('keeps every entry point of the public contract', () => {
    const sdl = printSortedSchema();
    for (const line of [
      'enum Runtime {',
      'enum InvocationStatus {',
      'enum Role {',
      'register(email: String!, password: String!): AuthPayload!',
      'login(email: String!, password: String!): AuthPayload!',
      'createFunction(input: CreateFunctionInput!): Function!',
      'updateFunction(id: ID!, input: UpdateFunctionInput!): Function!',
      'deleteFunction(id: ID!): Boolean!',
      'setAlias(canary: CanaryInput, functionId: ID!, name: String!, version: Int!): Alias!',
      'rollbackFunction(id: ID!, version: Int!): Function!',
      'functions: [Function!]!',
      'function(id: ID!): Function',
      'invocationEvents(functionId: ID): InvocationEvent!',
    ]) {
      expect(sdl).toContain(line);
    }
    // Extended with optional arguments (scoped keys): a call with only `name` still works.
    const createApiKey = buildSchema(sdl).getMutationType()!.getFields().createApiKey!;
    expect(String(createApiKey.type)).toBe('ApiKeyCreated!');
    expect(createApiKey.args.map((a) => `${a.name}: ${String(a.type)}`)).toContain('name: String!');
    expect(createApiKey.args.filter((a) => a.name !== 'name' && isNonNullType(a.type))).toEqual([]);
    // Extended with the qualifier (issue 16): the contract's call still works as it was.
    expect(sdl).toMatch(/invokeFunction\(id: ID!, input: JSON(, qualifier: String)?\): Invocation!/);
    expect(sdl).toMatch(/invocations\(after: String,[^)]*first: Int,[^)]*functionId: ID[^)]*\): InvocationConnection!/);
  });
});
