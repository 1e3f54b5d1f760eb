import type { FunctionInput } from '../functions/function.validation.js';
import { lambdaError } from './lambda.errors.js';

/**
 * Lambda request bodies as the platform's FunctionInput. The functions service validates the
 * result as it does every input; only what Lambda names differently is checked here.
 */
type Body = Record<string, unknown>;

/** FunctionName of CreateFunction: Lambda's characters, at most 64. */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** python3.x -> PYTHON, nodejs<N>.x -> NODE (fnbox runs one version of each: lambda.shapes.ts). */
export function runtimeOf(value: unknown): 'PYTHON' | 'NODE' {
  if (typeof value === 'string' && /^python3\.\d+$/.test(value)) return 'PYTHON';
  if (typeof value === 'string' && /^nodejs\d+\.x$/.test(value)) return 'NODE';
  throw invalid(`Value ${JSON.stringify(value)} at 'runtime' failed to satisfy constraint: fnbox runs python3.x and nodejs<N>.x runtimes`);
}

export function parseJsonBody(body: Buffer): Body {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw lambdaError('InvalidRequestContentException', 'Could not parse request body into json');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw lambdaError('InvalidRequestContentException', 'The request body must be a JSON object');
  return parsed as Body;
}

export function createInput(body: Body): FunctionInput {
  if (typeof body.FunctionName !== 'string' || !FUNCTION_NAME.test(body.FunctionName)) {
    throw invalid("FunctionName must be 1-64 letters, digits, hyphens or underscores");
  }
  if (body.PackageType !== undefined && body.PackageType !== 'Zip') throw invalid('Only PackageType Zip is supported');
  const code = body.Code as Body | undefined;
  if (!code || typeof code !== 'object') throw invalid('Code is required');
  return { name: body.FunctionName, runtime: runtimeOf(body.Runtime), archive: zipFile(code), ...configurationInput(body) };
}

/** UpdateFunctionConfiguration: only what is given changes; Environment replaces every variable. */
export function configurationInput(body: Body): FunctionInput {
  const input: FunctionInput = {};
  if (body.Runtime !== undefined) input.runtime = runtimeOf(body.Runtime);
  if (body.Handler !== undefined) input.handler = body.Handler;
  if (body.Timeout !== undefined) {
    if (typeof body.Timeout !== 'number' || !Number.isInteger(body.Timeout)) throw invalid('Timeout must be a whole number of seconds');
    input.timeoutMs = body.Timeout * 1000;
  }
  if (body.MemorySize !== undefined) input.memoryMb = body.MemorySize;
  if (body.Environment !== undefined) {
    const environment = body.Environment as Body | null;
    input.env = environment && typeof environment === 'object' ? (environment.Variables ?? {}) : {};
  }
  return input;
}

/** UpdateFunctionCode: a new zip (DryRun is refused rather than ignored). */
export function codeInput(body: Body): FunctionInput {
  if (body.DryRun === true) throw invalid('DryRun is not supported for UpdateFunctionCode');
  return { archive: zipFile(body) };
}

/** Code.ZipFile (base64 in the JSON body, as the SDKs send a blob); S3 and images are not stored here. */
function zipFile(code: Body): string {
  if (code.S3Bucket !== undefined || code.S3Key !== undefined || code.ImageUri !== undefined) {
    throw invalid('fnbox takes code as ZipFile only (no S3Bucket/S3Key or ImageUri)');
  }
  if (typeof code.ZipFile !== 'string' || code.ZipFile === '') throw invalid('ZipFile is required');
  return code.ZipFile;
}

const invalid = (message: string) => lambdaError('InvalidParameterValueException', message);
