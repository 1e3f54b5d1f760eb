/**
 * How callers name a function: its id, its name (unique per owner), or an ARN as AWS tools
 * write it, `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`, also in its
 * short forms `<name>:<qualifier>` and `function:<name>`... as Lambda accepts them. The
 * region and account are not checked: one fnbox is one region and the account is the caller.
 */
export interface FunctionReference {
  /** An id or a name. */
  nameOrId: string;
  /** An alias name or a version number, when the reference carries one. */
  qualifier?: string;
}

const ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/;
const PARTIAL = /^(?:[^:]*:)?function:([^:]+)(?::([^:]+))?$/;
const QUALIFIED = /^([^:]+):([^:]+)$/;

export function parseFunctionReference(reference: string): FunctionReference {
  const text = reference.trim();
  const match = ARN.exec(text) ?? PARTIAL.exec(text) ?? QUALIFIED.exec(text);
  if (!match) return { nameOrId: text };
  return match[2] ? { nameOrId: match[1]!, qualifier: match[2] } : { nameOrId: match[1]! };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs, which no name of 36 characters with those dashes is worth confusing with. */
export const looksLikeId = (value: string): boolean => UUID.test(value);
