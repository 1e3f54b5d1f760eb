import { lambdaError } from './lambda.errors.js';

/**
 * A FunctionName as Lambda accepts it: a name ("my-function"), a name with a qualifier
 * ("my-function:live"), a partial ARN ("123456789012:function:my-function") or a full one
 * ("arn:aws:lambda:us-east-1:123456789012:function:my-function:3"). fnbox also takes the
 * function's id. The qualifier may come from the `Qualifier` parameter instead; both must agree.
 */
export interface FunctionAddress {
  /** A name or an id. */
  name: string;
  /** The account an ARN names: it must be the caller's (or the function owner's). */
  account?: string;
  qualifier?: string;
}

const ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const NAME = /^([^:]+)(?::([^:]+))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9$_-]{1,128})$/;

export function parseFunctionName(value: string, qualifierParameter?: string | null): FunctionAddress {
  const match = ARN.exec(value) ?? PARTIAL_ARN.exec(value);
  const named = match ? undefined : NAME.exec(value);
  if ((!match && !named) || value.length > 170) throw lambdaError('InvalidParameterValueException', `FunctionName ${JSON.stringify(value)} is not a function name or ARN`);
  const address: FunctionAddress = match ? { account: match[1]!, name: match[2]!, qualifier: match[3] } : { name: named![1]!, qualifier: named![2] };
  const parameter = qualifierParameter || undefined;
  if (parameter !== undefined) {
    if (address.qualifier !== undefined && address.qualifier !== parameter) {
      throw lambdaError('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
    }
    address.qualifier = parameter;
  }
  if (address.qualifier !== undefined && !QUALIFIER.test(address.qualifier)) throw lambdaError('InvalidParameterValueException', 'Qualifier must be $LATEST, a version number or an alias name');
  return address;
}
