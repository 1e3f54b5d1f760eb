/**
 * A bundle from a request: `files` (path + text or base64 content) or `archive` (base64 of
 * a .zip or .tar.gz). Every limit is checked here, in the API process, before anything is
 * stored; errors are BAD_USER_INPUT naming the offending path.
 */
import { badInput } from '../errors.js';
import { packBundle } from './bundle.codec.js';
import { BundleCollector, formatBytes } from './bundle.paths.js';
import type { Bundle, BundleLimits } from './bundle.types.js';
import { isGzip, isTar, readTar } from './tar.reader.js';
import { isZip, readZip } from './zip.reader.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface FileInput {
  path: unknown;
  content: unknown;
  base64?: unknown;
}

export async function bundleFromFiles(value: unknown, limits: BundleLimits): Promise<Bundle> {
  if (!Array.isArray(value)) throw badInput('files must be a list of {path, content, base64}');
  if (value.length === 0) throw badInput('files must hold at least one file');
  if (value.length > limits.maxFiles) throw badInput(`bundle has more than ${limits.maxFiles} files`);
  const collector = new BundleCollector(limits);
  let received = 0;
  for (const item of value as FileInput[]) {
    if (!item || typeof item !== 'object' || typeof item.path !== 'string') throw badInput('every file needs a path');
    if (typeof item.content !== 'string') throw badInput(`file ${JSON.stringify(item.path)} needs a content string`);
    const data = item.base64 ? decodeBase64(item.content, `file ${JSON.stringify(item.path)}`) : Buffer.from(item.content, 'utf8');
    received += data.length;
    if (received > limits.maxZippedBytes) throw badInput(`files are larger than ${formatBytes(limits.maxZippedBytes)} together (at ${JSON.stringify(item.path)})`);
    collector.add(item.path, data);
  }
  return finish(collector);
}

/** `value`: base64 text, or the bytes of an upload (multipart). */
export async function bundleFromArchive(value: unknown, limits: BundleLimits): Promise<Bundle> {
  if (!Buffer.isBuffer(value) && (typeof value !== 'string' || value === '')) throw badInput('archive must be base64 of a .zip or .tar.gz');
  // Checked on the base64 text first: nothing larger than the limit is ever decoded.
  if (typeof value === 'string' && Math.floor((value.length * 3) / 4) > limits.maxZippedBytes + 2) throw badInput(`archive is larger than ${formatBytes(limits.maxZippedBytes)}`);
  const data = Buffer.isBuffer(value) ? value : decodeBase64(value, 'archive');
  if (data.length > limits.maxZippedBytes) throw badInput(`archive is larger than ${formatBytes(limits.maxZippedBytes)}`);
  const collector = new BundleCollector(limits);
  if (isZip(data)) readZip(data, collector);
  else if (isGzip(data) || isTar(data)) await readTar(data, collector, limits);
  else throw badInput('archive must be a .zip or a .tar.gz');
  if (collector.files.length === 0) throw badInput('archive holds no files');
  return finish(collector);
}

async function finish(collector: BundleCollector): Promise<Bundle> {
  const files = collector.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const { digest, archive } = await packBundle(files);
  return { digest, archive, files, unpackedBytes: collector.unpackedBytes };
}

function decodeBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) throw badInput(`${what} is not valid base64`);
  return Buffer.from(compact, 'base64');
}
