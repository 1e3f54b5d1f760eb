import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Deepest bracket nesting (`{`, `[`, `(`) a GraphQL document may have. graphql-js parses, and
 * validation rules and scalars walk, values recursively: a document 5,000 selections or a
 * 50,000-deep list literal deep overflowed the stack before the depth rule could refuse it.
 * Far above any real operation (12 selection levels; events nest at most 256 in variables).
 */
export const MAX_DOCUMENT_NESTING = 256;

/**
 * How deep the document's brackets nest, outside strings and comments, stopping as soon as
 * `limit` is passed: one linear pass over the text, with no recursion to overflow.
 */
export function documentNesting(source: string, limit = MAX_DOCUMENT_NESTING): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) {
      // { [ (
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 125 || c === 93 || c === 41) {
      // } ] )
      if (depth > 0) depth--;
    } else if (c === 35) {
      // # comment, to the end of the line
      while (i < source.length && source.charCodeAt(i) !== 10 && source.charCodeAt(i) !== 13) i++;
    } else if (c === 34) {
      i = source.startsWith('"""', i) ? skipBlockString(source, i + 3) : skipString(source, i + 1);
    }
  }
  return deepest;
}

/** Index of the closing quote of a "string" whose content starts at `i`. */
function skipString(source: string, i: number): number {
  for (; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) i++; // backslash: the next character is escaped
    else if (c === 34 || c === 10 || c === 13) return i; // strings end at a quote or the line
  }
  return i;
}

/** Index of the last quote of a """block string""" whose content starts at `i` (\""" is escaped). */
function skipBlockString(source: string, i: number): number {
  for (; i < source.length; i++) {
    if (source.charCodeAt(i) === 92 && source.startsWith('"""', i + 1)) i += 3;
    else if (source.startsWith('"""', i)) return i + 2;
  }
  return i;
}

/** Refuses over-nested documents before graphql-js parses them, on HTTP and graphql-ws alike. */
export function documentNestingLimit(limit = MAX_DOCUMENT_NESTING): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (documentNesting(source, limit) > limit) {
        throw new GraphQLError(`The document nests more than ${limit} levels of brackets`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
    },
  };
}
