/**
 * How a bundle reaches a container: before the load message, its files go over the agent's
 * channel in chunks the agent writes under the task root (/var/task) as they come, so neither
 * side ever holds a whole large bundle in one message. Only cold starts pay for this.
 */
import type { LoadedBundle } from './executor.types.js';

/** Bytes of a bundle file per message (base64 makes them a third larger on the wire). */
const FILE_CHUNK_BYTES = 512 * 1024;

export function* bundleMessages(bundle: LoadedBundle): Generator<object> {
  for (const file of bundle.files) {
    for (let offset = 0; offset === 0 || offset < file.data.length; offset += FILE_CHUNK_BYTES) {
      const data = file.data.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64');
      yield { t: 'file', path: file.path, data, append: offset > 0, executable: file.executable };
    }
  }
}
