// Bundle helpers for the dashboard's multi-file editor: files as the API takes them, handler
// suggestions, and a .zip of the bundle to download (stored entries: no compression library).

export interface EditableFile {
  path: string;
  /** Text, or base64 when `base64` is true (binary files are shown, not edited). */
  content: string;
  base64: boolean;
  executable?: boolean;
}

export type Runtime = 'PYTHON' | 'NODE';
export const DEFAULT_HANDLER: Record<Runtime, string> = { PYTHON: 'main.handler', NODE: 'index.handler' };
/** The file that lists a function's dependencies, installed by a build: a bundle may carry it as a root file. */
export const DEPENDENCY_MANIFEST = { PYTHON: 'requirements.txt', NODE: 'package.json' } as const;
const HANDLER_EXTENSIONS: Record<Runtime, RegExp> = { PYTHON: /\.py$/, NODE: /\.(m|c)?js$/ };

/** Sorted by path, as the server lists them. */
export const sortFiles = (files: EditableFile[]) => [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** "<file>.handler" for every file that can hold the runtime's handler. */
export function handlerSuggestions(runtime: Runtime, files: EditableFile[]): string[] {
  return files.filter((f) => HANDLER_EXTENSIONS[runtime].test(f.path)).map((f) => `${f.path.replace(HANDLER_EXTENSIONS[runtime], '')}.handler`);
}

/** The editor mode for a path: Python, JavaScript (JSON too) or plain text. */
export function languageOf(path: string): 'PYTHON' | 'NODE' | 'TEXT' {
  if (/\.py$/.test(path)) return 'PYTHON';
  if (/\.(m|c)?js$|\.json$|\.ts$/.test(path)) return 'NODE';
  return 'TEXT';
}

/** A path the server will accept: relative, "/"-separated, without "." or ".." segments. */
export function pathProblem(path: string, others: EditableFile[]): string | undefined {
  if (!path.trim()) return 'Give the file a path.';
  if (path.startsWith('/')) return 'Paths are relative to the bundle root.';
  if (path.includes('\\')) return 'Use "/" between folders.';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'No empty, "." or ".." parts in a path.';
  if (others.some((f) => f.path === path)) return `${path} already exists.`;
  return undefined;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function base64ToBytes(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The bundle as a .zip (stored entries, Unix modes), for download. */
export function zipBundle(files: EditableFile[]): Blob {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of sortFiles(files)) {
    const name = encoder.encode(file.path);
    const data = file.base64 ? base64ToBytes(file.content) : encoder.encode(file.content);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x800, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, name.length, true);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, (3 << 8) | 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x800, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, data.length, true);
    entry.setUint32(24, data.length, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(38, ((file.executable ? 0o100755 : 0o100644) << 16) >>> 0, true);
    entry.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, data);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + data.length;
  }
  const size = central.reduce((sum, p) => sum + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, new Uint8Array(end.buffer)] as BlobPart[], { type: 'application/zip' });
}
