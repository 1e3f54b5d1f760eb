import { GraphQLError } from 'graphql';
import { builder } from '../graphql/builder.js';
import { badInput } from '../errors.js';
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

builder.scalarType('File', {
  description: 'A file uploaded with a GraphQL multipart request (input only).',
  serialize: () => {
    throw new GraphQLError('File is an input type');
  },
  parseValue: (value) => {
    // Only a multipart request puts an uploaded file (a Blob, of Yoga's fetch implementation)
    // into the variables: JSON cannot carry a function.
    if (value && typeof (value as Blob).arrayBuffer === 'function' && typeof (value as Blob).size === 'number') return value as Blob;
    throw new GraphQLError('File must be uploaded with a multipart request');
  },
  parseLiteral: () => {
    throw new GraphQLError('File must be uploaded with a multipart request');
  },
});

/** `archiveFile` (an upload) as the same bytes `archive` (base64) would give. */
export async function withUploadedArchive<T extends { archive?: unknown; archiveFile?: Blob | null }>(input: T): Promise<Omit<T, 'archiveFile'>> {
  const { archiveFile, ...rest } = input;
  if (!archiveFile) return rest;
  if (rest.archive !== undefined && rest.archive !== null) throw badInput('give one of archive or archiveFile');
  return { ...rest, archive: Buffer.from(await archiveFile.arrayBuffer()) };
}
