/**
 * A minimal AWS Signature V4 signer for the Lambda Invoke row: what the AWS SDKs compute per
 * request (canonical request, string to sign, HMAC with the day's signing key, remembered as
 * the SDKs remember it), synchronously, so the client's share of the row stays small.
 */
import crypto from 'node:crypto';

const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => crypto.createHash('sha256').update(data).digest('hex');

export function lambdaSigner(credentials: { accessKeyId: string; secretAccessKey: string }, host: string, region = 'us-east-1') {
  let day = '';
  let signingKey = Buffer.alloc(0);
  return (method: string, path: string, body: string): Record<string, string> => {
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    if (amzDate.slice(0, 8) !== day) {
      day = amzDate.slice(0, 8);
      signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 'lambda'), 'aws4_request');
    }
    // Paths here are plain ASCII without reserved characters: encoding them again changes nothing.
    const canonical = `${method}\n${path}\n\nhost:${host}\nx-amz-date:${amzDate}\n\nhost;x-amz-date\n${sha256(body)}`;
    const scope = `${day}/${region}/lambda/aws4_request`;
    const signature = hmac(signingKey, `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`).toString('hex');
    return {
      host,
      'x-amz-date': amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    };
  };
}
