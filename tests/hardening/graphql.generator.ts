/**
 * Builds operations from the schema itself, so that a field added later is probed without
 * anyone remembering to write a test for it. Anything the generator does not understand
 * throws `Unsupported`: the calling test fails instead of silently skipping the field.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

export class Unsupported extends Error {}

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface IdField {
  kind: OperationKind;
  /** `Query.function`, `Mutation.updateFunction`, ... */
  coordinate: string;
  field: GraphQLField<unknown, unknown>;
}

export const isIdArg = (arg: GraphQLArgument) => getNamedType(arg.type).name === 'ID';

/** Every root field taking an ID argument (`id`, `functionId`, any `*Id`). */
export function idTakingRootFields(schema: GraphQLSchema): IdField[] {
  const roots: [OperationKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const found: IdField[] = [];
  for (const [kind, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.args.some(isIdArg)) found.push({ kind, coordinate: `${type!.name}.${field.name}`, field });
    }
  }
  return found;
}

/** Fields below the root that take an ID argument: each needs its own tenant test. */
export function idTakingNestedFields(schema: GraphQLSchema): string[] {
  const rootNames = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || rootNames.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) if (field.args.some(isIdArg)) out.push(`${type.name}.${field.name}`);
  }
  return out;
}

/** A valid value for an input type: required input fields only, lists of one. */
export function sampleInput(type: GraphQLInputType, path: string): unknown {
  if (isNonNullType(type)) return sampleInput(type.ofType, path);
  if (isListType(type)) return [sampleInput(type.ofType, path)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleInput(field.type, `${path}.${field.name}`);
    }
    return value;
  }
  if (isScalarType(type)) {
    const samples: Record<string, unknown> = { ID: 'probe-id', String: 'probe', Int: 1, Float: 1, Boolean: true, JSON: {} };
    if (type.name in samples) return samples[type.name];
  }
  throw new Unsupported(`no sample value for ${String(type)} at ${path}`);
}

/**
 * Every leaf (without required arguments) down to `depth`, inline fragments for abstract
 * types: the widest response a caller can ask for, so a leak has somewhere to show.
 */
export function selectionSet(schema: GraphQLSchema, type: GraphQLOutputType, depth: number, path: string): string {
  const named: GraphQLNamedType = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) {
    const possible = schema.getPossibleTypes(named);
    if (depth <= 0 || possible.length === 0) return '{ __typename }';
    return `{ __typename ${possible.map((t) => `... on ${t.name} ${selectionSet(schema, t, depth, `${path}<${t.name}>`)}`).join(' ')} }`;
  }
  if (!isObjectType(named)) throw new Unsupported(`cannot select from ${String(named)} at ${path}`);
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const leaf = isLeafType(getNamedType(field.type));
    if (leaf) parts.push(field.name);
    else if (depth > 1) parts.push(`${field.name} ${selectionSet(schema, field.type, depth - 1, `${path}.${field.name}`)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/**
 * One operation for `target`: every ID argument gets `id`, other required arguments a valid
 * sample, passed as variables of their declared types.
 */
export function buildOperation(schema: GraphQLSchema, target: IdField, id: string, depth = 3): { query: string; variables: Record<string, unknown> } {
  const defs: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const arg of target.field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!isIdArg(arg) && !required) continue;
    const name = `v_${arg.name}`;
    defs.push(`$${name}: ${String(arg.type)}`);
    args.push(`${arg.name}: $${name}`);
    variables[name] = isIdArg(arg) ? (isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) ? [id] : id) : sampleInput(arg.type, `${target.coordinate}(${arg.name})`);
  }
  const selection = selectionSet(schema, target.field.type, depth, target.coordinate);
  const query = `${target.kind} Probe(${defs.join(', ')}) { ${target.field.name}(${args.join(', ')}) ${selection} }`;
  return { query, variables };
}
