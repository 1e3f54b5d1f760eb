import type { IncomingMessage } from 'node:http';
import type { AuthService } from '../auth/auth.service.js';
import type { Viewer } from '../auth/viewer.js';
import { isAppError } from '../errors.js';
import { readBody } from '../http/http.util.js';
import { lambdaError } from './lambda.errors.js';
import type { SigV4Credentials } from './sigv4.credentials.js';
import { checkFreshness, readClaim, sha256Hex, SignatureVerifier, type SignedRequest } from './sigv4.verifier.js';

export interface SignedCall {
  viewer: Viewer;
  /** The region the caller signed for: it appears in the ARNs we answer with. */
  region: string;
  body: Buffer;
}

const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNKNOWN_KEY = 'The security token included in the request is invalid.';

/**
 * Who signed a Lambda API request. In order, cheapest first: the claim is well formed and
 * fresh, its access key names a live API key (revoked keys fail here at once: the key cache
 * forgets them on revoke), then the body is read (bounded) and the signature checked over it
 * (over the declared hash first, when the client sends one).
 */
export class LambdaAuthenticator {
  private readonly verifier = new SignatureVerifier();

  constructor(
    private readonly auth: AuthService,
    private readonly credentials: SigV4Credentials,
  ) {}

  async authenticate(req: IncomingMessage, bodyLimit: number): Promise<SignedCall> {
    const rawTarget = req.url ?? '/';
    const queryAt = rawTarget.indexOf('?');
    const request: SignedRequest = {
      method: req.method ?? 'GET',
      // Absolute-form targets ("POST http://host/path") are signed by their path.
      rawPath: queryAt < 0 ? absolutePath(rawTarget) : absolutePath(rawTarget.slice(0, queryAt)),
      rawQuery: queryAt < 0 ? '' : rawTarget.slice(queryAt + 1),
      headers: req.headers,
    };
    const claim = readClaim(request);
    checkFreshness(claim);
    const keyId = this.credentials.apiKeyId(claim.accessKeyId);
    if (!keyId) throw lambdaError('UnrecognizedClientException', UNKNOWN_KEY);
    let viewer: Viewer;
    try {
      viewer = await this.auth.authenticateApiKeyId(keyId);
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') throw lambdaError('UnrecognizedClientException', UNKNOWN_KEY);
      throw error;
    }
    const secret = () => this.credentials.secretAccessKey(keyId);
    // A client that declares its body's hash (x-amz-content-sha256, the JavaScript SDK does) has
    // its signature checked before the body is read, then the body against the hash: a forger
    // who knows an access key id (not a secret) cannot make us buffer a large body first.
    const declared = request.headers['x-amz-content-sha256'];
    const early = typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared);
    if (early && !this.verifier.verify(claim, secret, request, declared)) throw lambdaError('InvalidSignatureException', BAD_SIGNATURE);
    const body = await readBody(req, bodyLimit);
    const payloadSha256 = sha256Hex(body);
    const valid = early ? payloadSha256 === declared : this.verifier.verify(claim, secret, request, payloadSha256);
    if (!valid) throw lambdaError('InvalidSignatureException', BAD_SIGNATURE);
    return { viewer, region: claim.region, body };
  }
}

function absolutePath(target: string): string {
  if (target.startsWith('/')) return target;
  const slash = target.indexOf('/', target.indexOf('//') + 2);
  return slash < 0 ? '/' : target.slice(slash);
}
