import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  /** Deepest nesting of fields in one operation (`{ a { b } }` is 2). */
  maxDepth: number;
  /** Field selections in one operation, aliases and fragment spreads expanded. */
  maxFields: number;
}

interface Measure {
  depth: number;
  fields: number;
}

/** Saturates instead of growing: fragments spread in fragments can multiply without bound. */
const CAP = 1e9;

/**
 * Bounds what one operation may ask for, before anything executes. Nested lists multiply:
 * `functions { versions { ... } }` at depth 20, or 10,000 aliases of an expensive field, cost
 * the server far more than the request costs the client. Fragments are expanded (memoised per
 * name, so a fragment bomb is measured in linear time); cycles are left to NoFragmentCyclesRule.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const memo = new Map<string, Measure>();
    const visiting = new Set<string>();

    const measure = (set: SelectionSetNode, introspection: boolean): Measure => {
      let depth = 0;
      let fields = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          const inside = introspection || name === '__schema' || name === '__type';
          const child = selection.selectionSet ? measure(selection.selectionSet, inside) : { depth: 0, fields: 0 };
          // In introspection `ofType` is a chain of single objects (`[String!]!`), bounded by
          // the schema: it does not add depth, so GraphiQL's and codegen's queries pass.
          const own = introspection && name === 'ofType' ? 0 : 1;
          depth = Math.max(depth, own + child.depth);
          fields = Math.min(CAP, fields + 1 + child.fields);
        } else {
          const child = selection.kind === Kind.INLINE_FRAGMENT ? measure(selection.selectionSet, introspection) : spread(selection.name.value, introspection);
          depth = Math.max(depth, child.depth);
          fields = Math.min(CAP, fields + child.fields);
        }
      }
      return { depth, fields };
    };

    const spread = (name: string, introspection: boolean): Measure => {
      const key = `${name}:${introspection}`;
      const known = memo.get(key);
      if (known) return known;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) return { depth: 0, fields: 0 };
      visiting.add(name);
      const result = measure(fragment.selectionSet, introspection);
      visiting.delete(name);
      memo.set(key, result);
      return result;
    };

    return {
      OperationDefinition(node) {
        const { depth, fields } = measure(node.selectionSet, false);
        const name = node.name ? ` ${node.name.value}` : '';
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`Operation${name} is ${depth} levels deep; the maximum is ${limits.maxDepth}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
        }
        if (fields > limits.maxFields) {
          const count = fields >= CAP ? `over ${CAP}` : String(fields);
          context.reportError(new GraphQLError(`Operation${name} selects ${count} fields; the maximum is ${limits.maxFields}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
        }
      },
    };
  };
}

/** The rule as a Yoga plugin: HTTP and graphql-ws both validate through it. */
export function queryLimits(limits: QueryLimits): Plugin {
  const rule = queryLimitsRule(limits);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
