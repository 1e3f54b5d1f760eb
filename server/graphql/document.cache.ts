import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Distinct operations remembered; clients send the same few over and over. */
const DOCUMENTS_KEPT = 1000;

/**
 * Parses each operation once and validates each parsed document once (every rule, the query
 * limits included): a repeated operation costs a map lookup. Replaces Yoga's
 * parserAndValidationCache, which keys its validation cache by the rules' names, joined anew
 * on every request. The rules (graphql-js's, the query limits, introspection off or on) and
 * the schema are fixed for the life of the server, so the document alone decides the verdict.
 * Parse errors are not remembered: a malformed operation is parsed again (bounded by the
 * body limit), and nothing a client sends can fill the cache with errors.
 */
export function documentCache(kept = DOCUMENTS_KEPT): Plugin {
  const documents = new Map<string, DocumentNode>();
  const verdicts = new WeakMap<DocumentNode, readonly Error[]>();
  return {
    onParse({ params, setParsedDocument }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      const known = documents.get(source);
      if (known) return void setParsedDocument(known);
      return ({ result }) => {
        if (!result || result instanceof Error) return;
        if (documents.size >= kept) documents.delete(documents.keys().next().value!);
        documents.set(source, result as DocumentNode);
      };
    },
    onValidate({ params, setResult }) {
      const known = verdicts.get(params.documentAST);
      if (known) return void setResult(known);
      return ({ result }) => void verdicts.set(params.documentAST, result);
    },
  };
}
