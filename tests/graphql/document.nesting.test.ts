/** The bracket count that refuses over-nested GraphQL documents before graphql-js parses them. */
import { describe, expect, it } from 'vitest';
import { documentNesting, MAX_DOCUMENT_NESTING } from '../../server/graphql/document.nesting.js';

describe('documentNesting', () => {
  it('counts selections, arguments, lists and objects alike', () => {
    expect(documentNesting('{ me { id } }')).toBe(2);
    expect(documentNesting('query($x: [[Int]]) { f(a: {b: [1, {c: 2}]}) { id } }')).toBe(5);
    expect(documentNesting('{ a } { b } { c }')).toBe(1);
  });

  it('ignores brackets in strings, block strings and comments', () => {
    expect(documentNesting('{ f(a: "{{[[((", b: "\\"{{") }')).toBe(2);
    expect(documentNesting('{ f(a: """ {{ \\""" [[ """) }')).toBe(2);
    expect(documentNesting('{ id } # {{{{{{\n{ id }')).toBe(1);
    // A string cut off at the end of its line ends there (graphql-js refuses it later).
    expect(documentNesting('{ f(a: "{{{\n) }')).toBe(2);
  });

  it('stops counting once past the limit', () => {
    const deep = '['.repeat(1_000_000);
    expect(documentNesting(deep)).toBe(MAX_DOCUMENT_NESTING + 1);
    expect(documentNesting('{'.repeat(MAX_DOCUMENT_NESTING) + '}'.repeat(MAX_DOCUMENT_NESTING))).toBe(MAX_DOCUMENT_NESTING);
  });
});
