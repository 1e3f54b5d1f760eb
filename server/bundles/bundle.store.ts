/**
 * Bundles by digest, for the API (a version's files) and the executor (a cold start ships
 * them into the container). Recently read bundles stay decoded in memory, bounded by bytes:
 * a cold start of a popular function reads no database row and inflates nothing.
 */
import { notFound } from '../errors.js';
import { unpackBundle } from './bundle.codec.js';
import type { BundleRepository } from './bundle.repository.js';
import type { BundleFile } from './bundle.types.js';

export class BundleStore {
  /** Most recently used last. */
  private readonly cache = new Map<string, { files: BundleFile[]; bytes: number }>();
  private cachedBytes = 0;
  private readonly reading = new Map<string, Promise<BundleFile[]>>();

  constructor(
    private readonly bundles: BundleRepository,
    private readonly maxCachedBytes: number,
  ) {}

  async files(digest: string): Promise<BundleFile[]> {
    const cached = this.cache.get(digest);
    if (cached) {
      this.cache.delete(digest);
      this.cache.set(digest, cached);
      return cached.files;
    }
    let reading = this.reading.get(digest);
    if (!reading) {
      reading = this.load(digest).finally(() => this.reading.delete(digest));
      this.reading.set(digest, reading);
    }
    return reading;
  }

  /** Seeds the cache with a bundle just validated: its first cold start need not read it back. */
  remember(digest: string, files: BundleFile[]): void {
    if (this.cache.has(digest)) return;
    const bytes = files.reduce((sum, f) => sum + f.data.length + f.path.length, 0);
    if (bytes > this.maxCachedBytes) return;
    this.cache.set(digest, { files, bytes });
    this.cachedBytes += bytes;
    for (const [key, entry] of this.cache) {
      if (this.cachedBytes <= this.maxCachedBytes) break;
      this.cache.delete(key);
      this.cachedBytes -= entry.bytes;
    }
  }

  private async load(digest: string): Promise<BundleFile[]> {
    const row = await this.bundles.find(digest);
    if (!row) throw notFound('Bundle');
    const files = await unpackBundle(Buffer.from(row.archive));
    this.remember(digest, files);
    return files;
  }
}
