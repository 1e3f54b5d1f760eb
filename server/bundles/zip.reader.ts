/**
 * A small .zip reader for bundles: the central directory names the entries, each entry's
 * data is inflated with Node's zlib and a hard cap on its output, so a zip bomb stops at the
 * bundle's unpacked limit whatever sizes its headers claim. Stored (0) and deflated (8)
 * entries only; no encryption, no ZIP64 (a bundle within the limits never needs it).
 */
import zlib from 'node:zlib';
import { badInput } from '../errors.js';
import type { BundleCollector } from './bundle.paths.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** "version made by" host systems whose external attributes carry a Unix mode. */
const UNIX_HOSTS = new Set([3, 19]);

export function isZip(data: Buffer): boolean {
  return data.length >= 4 && (data.readUInt32LE(0) === LOCAL || data.readUInt32LE(0) === EOCD);
}

export function readZip(data: Buffer, collector: BundleCollector): void {
  const eocd = findEndOfCentralDirectory(data);
  const entries = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  if (entries === 0xffff || offset === 0xffffffff) throw badInput('archive: ZIP64 archives are not supported');
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL) throw badInput('archive: the zip central directory is corrupt');
    const madeBy = data.readUInt16LE(offset + 4) >> 8;
    const flags = data.readUInt16LE(offset + 8);
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const external = data.readUInt32LE(offset + 38);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.toString(flags & 0x800 ? 'utf8' : 'latin1', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    const mode = UNIX_HOSTS.has(madeBy) ? external >>> 16 : 0;
    const type = mode & S_IFMT;
    const shown = JSON.stringify(name);
    if (name.endsWith('/') || type === S_IFDIR || (external & 0x10) !== 0) continue; // directories are implied by paths
    if (type === S_IFLNK) throw badInput(`archive: ${shown} is a symbolic link; bundles hold regular files only`);
    if (type !== 0 && type !== S_IFREG) throw badInput(`archive: ${shown} is not a regular file`);
    if (flags & 0x1) throw badInput(`archive: ${shown} is encrypted`);
    if (method !== 0 && method !== 8) throw badInput(`archive: ${shown} uses compression method ${method}; only stored and deflate are supported`);

    const raw = entryData(data, localOffset, compressedSize, shown);
    const room = collector.room;
    let content: Buffer;
    if (method === 0) {
      if (raw.length > room) throw collector.tooLarge(name);
      content = raw;
    } else {
      try {
        // One byte past the room: more than that means the limit is passed, and inflating stops.
        content = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, room + 1) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw collector.tooLarge(name);
        throw badInput(`archive: ${shown} could not be inflated: ${(err as Error).message}`);
      }
      if (content.length > room) throw collector.tooLarge(name);
    }
    collector.add(name, content, (mode & 0o111) !== 0);
  }
}

function entryData(data: Buffer, localOffset: number, compressedSize: number, shown: string): Buffer {
  if (localOffset + 30 > data.length || data.readUInt32LE(localOffset) !== LOCAL) throw badInput(`archive: the zip entry ${shown} is corrupt`);
  const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
  const end = start + compressedSize;
  if (end > data.length) throw badInput(`archive: the zip entry ${shown} runs past the end of the archive`);
  return data.subarray(start, end);
}

function findEndOfCentralDirectory(data: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === EOCD) return at;
  }
  throw badInput('archive: not a valid zip (no end of central directory)');
}
