import { builder } from '../graphql/builder.js';
import { sha256 } from './bundle.codec.js';
import type { BundleFile } from './bundle.types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or undefined when it is binary (not UTF-8, or holds NUL bytes). */
function asText(file: BundleFile): string | undefined {
  if (file.data.includes(0)) return undefined;
  try {
    return utf8.decode(file.data);
  } catch {
    return undefined;
  }
}

export const FunctionFileRef = builder.objectRef<BundleFile>('FunctionFile').implement({
  description: 'One file of a bundle.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Relative to the bundle root, "/"-separated.' }),
    size: t.int({ description: 'Bytes.', resolve: (f) => f.data.length }),
    sha256: t.string({ resolve: (f) => sha256(f.data) }),
    executable: t.exposeBoolean('executable', { description: 'Mode 0755 in the container (0644 otherwise).' }),
    base64: t.boolean({ description: 'True when the file is binary and `content` is its base64.', resolve: (f) => asText(f) === undefined }),
    content: t.string({ description: 'The text of the file, or its base64 when `base64` is true.', resolve: (f) => asText(f) ?? f.data.toString('base64') }),
  }),
});

export const FunctionFileInput = builder.inputType('FunctionFileInput', {
  description: 'One file of a bundle.',
  fields: (t) => ({
    path: t.string({ required: true, description: 'Relative, "/"-separated, e.g. "src/api.py"; no "..".' }),
    content: t.string({ required: true, description: 'The text of the file, or its base64 when `base64` is true.' }),
    base64: t.boolean({ description: 'content is base64 (binary files).' }),
  }),
});
