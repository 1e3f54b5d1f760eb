import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { lambdaError } from './lambda.errors.js';

/**
 * AWS Signature Version 4, as the AWS SDKs and CLI sign: the `Authorization` header form and
 * the presigned-query form. Only the service "lambda" is accepted, in any region. The
 * canonical request follows the SDKs' signer (@smithy/signature-v4) for non-S3 services:
 * the path normalised and encoded a second time, the query sorted and encoded, the signed
 * headers trimmed, the payload's SHA-256.
 */
const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 'lambda';
/** Requests signed further from our clock than this are refused (AWS's own window). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** A presigned URL may live at most a week (AWS's bound). */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
/** Signing keys remembered (one per key, day and region), as the SDKs remember theirs. */
const SIGNING_KEYS_KEPT = 1000;
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignedRequest {
  method: string;
  /** The request target as sent (before `?`), still percent-encoded. */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

/** What a request claims about its signature, before anything is checked. */
export interface SignatureClaim {
  accessKeyId: string;
  /** YYYYMMDD of the credential scope. */
  day: string;
  region: string;
  /** YYYYMMDDTHHMMSSZ the request was signed at. */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  presigned: boolean;
  /** Presigned only: seconds the URL stays valid. */
  expiresSeconds?: number;
}

const CREDENTIAL = /^([A-Za-z0-9_+=,.@-]{1,128})\/(\d{8})\/([a-z0-9-]{1,32})\/([a-z0-9-]+)\/aws4_request$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Reads the claim from the Authorization header or the presigned query; MissingAuthenticationToken when neither. */
export function readClaim(request: SignedRequest): SignatureClaim {
  const header = request.headers.authorization;
  if (header) return claimFromHeader(header, request.headers);
  const query = parseQuery(request.rawQuery);
  const first = (name: string) => query.find(([key]) => key === name)?.[1];
  if (first('X-Amz-Algorithm') === undefined) throw lambdaError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (first('X-Amz-Algorithm') !== ALGORITHM) throw lambdaError('IncompleteSignatureException', `Unsupported algorithm; use ${ALGORITHM}`);
  const expires = Number(first('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) throw lambdaError('IncompleteSignatureException', `X-Amz-Expires must be 1-${MAX_PRESIGNED_SECONDS} seconds`);
  return {
    ...credentialScope(first('X-Amz-Credential')),
    amzDate: amzDate(first('X-Amz-Date')),
    signedHeaders: signedHeaderList(first('X-Amz-SignedHeaders')),
    signature: signatureHex(first('X-Amz-Signature')),
    presigned: true,
    expiresSeconds: expires,
  };
}

function claimFromHeader(header: string, headers: IncomingHttpHeaders): SignatureClaim {
  if (!header.startsWith(`${ALGORITHM} `)) throw lambdaError('IncompleteSignatureException', `Authorization header must use ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const date = headers['x-amz-date'];
  return {
    ...credentialScope(fields.get('Credential')),
    amzDate: amzDate(typeof date === 'string' ? date : undefined),
    signedHeaders: signedHeaderList(fields.get('SignedHeaders')),
    signature: signatureHex(fields.get('Signature')),
    presigned: false,
  };
}

function credentialScope(value: string | undefined) {
  const match = CREDENTIAL.exec(value ?? '');
  if (!match) throw lambdaError('IncompleteSignatureException', 'Credential must be <access key id>/<date>/<region>/lambda/aws4_request');
  if (match[4] !== SERVICE) throw lambdaError('InvalidSignatureException', `Credential should be scoped to correct service: '${SERVICE}'.`);
  return { accessKeyId: match[1]!, day: match[2]!, region: match[3]! };
}

function amzDate(value: string | undefined): string {
  if (!value || !AMZ_DATE.test(value)) throw lambdaError('IncompleteSignatureException', 'X-Amz-Date must be given as YYYYMMDDTHHMMSSZ');
  return value;
}

function signedHeaderList(value: string | undefined): string[] {
  const names = (value ?? '').split(';').filter(Boolean);
  // Host is what binds a signature to this server; the SDKs always sign it.
  if (!names.includes('host')) throw lambdaError('IncompleteSignatureException', 'SignedHeaders must include host');
  return names;
}

function signatureHex(value: string | undefined): string {
  if (!value || !/^[0-9a-f]{64}$/.test(value)) throw lambdaError('IncompleteSignatureException', 'Signature must be 64 hexadecimal digits');
  return value;
}

/** Signed within the allowed skew (header form) or not yet expired (presigned); "Signature expired" otherwise. */
export function checkFreshness(claim: SignatureClaim, now = Date.now()): void {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(claim.amzDate)!;
  const signedAt = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  if (claim.amzDate.slice(0, 8) !== claim.day) throw lambdaError('InvalidSignatureException', 'Date in Credential scope does not match YYYYMMDD from X-Amz-Date');
  const expired = claim.presigned ? now > signedAt + claim.expiresSeconds! * 1000 : now - signedAt > MAX_CLOCK_SKEW_MS;
  const future = signedAt - now > MAX_CLOCK_SKEW_MS;
  if (expired || future) {
    const nowText = new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const relation = expired ? `is now earlier than ${nowText}` : `is now later than ${nowText}`;
    throw lambdaError('InvalidSignatureException', `Signature expired: ${claim.amzDate} ${relation} (${nowText} - 15 min.)`);
  }
}

/**
 * Checks the signature with the key's secret. `payloadSha256` is the hash of the body as
 * received: a client's `x-amz-content-sha256` must equal it, so the body is always what was signed.
 */
export class SignatureVerifier {
  private readonly signingKeys = new Map<string, Buffer>();

  /** `secret` is asked for only when the day's signing key of this key and region is not remembered. */
  verify(claim: SignatureClaim, secret: () => string, request: SignedRequest, payloadSha256: string): boolean {
    const declared = request.headers['x-amz-content-sha256'];
    if (declared !== undefined && declared !== payloadSha256) return false;
    const canonical = canonicalRequest(claim, request, payloadSha256);
    const scope = `${claim.day}/${claim.region}/${SERVICE}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${claim.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const expected = crypto.createHmac('sha256', this.signingKey(claim, secret)).update(stringToSign).digest();
    return crypto.timingSafeEqual(expected, Buffer.from(claim.signature, 'hex'));
  }

  /** HMAC chain of the secret, day, region and service: the same for a whole day, so remembered. */
  private signingKey(claim: SignatureClaim, secret: () => string): Buffer {
    const id = `${claim.accessKeyId}/${claim.day}/${claim.region}`;
    const known = this.signingKeys.get(id);
    if (known) return known;
    const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();
    const key = hmac(hmac(hmac(hmac(`AWS4${secret()}`, claim.day), claim.region), SERVICE), 'aws4_request');
    if (this.signingKeys.size >= SIGNING_KEYS_KEPT) this.signingKeys.delete(this.signingKeys.keys().next().value!);
    this.signingKeys.set(id, key);
    return key;
  }
}

function canonicalRequest(claim: SignatureClaim, request: SignedRequest, payloadSha256: string): string {
  const headers = claim.signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}`).join('\n');
  const query = parseQuery(request.rawQuery).filter(([key]) => key !== 'X-Amz-Signature');
  return [request.method, canonicalPath(request.rawPath), canonicalQuery(query), `${headers}\n`, claim.signedHeaders.join(';'), payloadSha256].join('\n');
}

function headerValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

/** The SDKs' rule for every service but S3: drop empty and dot segments, then encode the encoded path again. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([key, value]) => [escapeUri(key), escapeUri(value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Decoded name/value pairs in order; `+` is kept as a plus (the SDKs encode spaces as %20). */
function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return [decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1))];
    });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw lambdaError('IncompleteSignatureException', 'Malformed percent-encoding in the query string');
  }
}

const escapeUri = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const sha256Hex = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
