import fs from 'node:fs';
import path from 'node:path';

/** Where debootstrap fetches from: whatever this machine's apt already uses (never a hard-coded host). */
export interface AptMirror {
  uri: string;
  /** Keyring named by `Signed-By:` / `[signed-by=...]`, so debootstrap verifies with the same key apt does. */
  keyring?: string;
}

/** Parse deb822 stanzas (`Types:`/`URIs:`/`Suites:`) and pick the one serving `suite` itself. */
export function mirrorFromDeb822(text: string, suite: string): AptMirror | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    if (/^no$/i.test(fields.get('enabled') ?? '')) continue;
    const types = (fields.get('types') ?? '').split(/\s+/);
    const suites = (fields.get('suites') ?? '').split(/\s+/);
    const uri = (fields.get('uris') ?? '').split(/\s+/)[0];
    if (types.includes('deb') && suites.includes(suite) && uri) {
      const keyring = fields.get('signed-by');
      // Signed-By may also hold an inline key block; only a file path is usable by debootstrap.
      return { uri, keyring: keyring?.startsWith('/') ? keyring : undefined };
    }
  }
  return undefined;
}

/** Parse one-line `deb [opts] URI suite components` entries. */
export function mirrorFromSourcesList(text: string, suite: string): AptMirror | undefined {
  for (const raw of text.split('\n')) {
    const match = /^\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(raw);
    if (!match || match[3] !== suite) continue;
    const keyring = /signed-by=(\S+)/.exec(match[1] ?? '')?.[1];
    return { uri: match[2], keyring };
  }
  return undefined;
}

/** Read the mirror from /etc/apt at run time; throws a readable error when none serves `suite`. */
export function findAptMirror(suite: string, aptDir = '/etc/apt'): AptMirror {
  const candidates: Array<{ file: string; parse: typeof mirrorFromDeb822 }> = [];
  const listDir = path.join(aptDir, 'sources.list.d');
  const entries = fs.existsSync(listDir) ? fs.readdirSync(listDir).sort() : [];
  for (const name of entries.filter((n) => n.endsWith('.sources'))) {
    candidates.push({ file: path.join(listDir, name), parse: mirrorFromDeb822 });
  }
  candidates.push({ file: path.join(aptDir, 'sources.list'), parse: mirrorFromSourcesList });
  for (const name of entries.filter((n) => n.endsWith('.list'))) {
    candidates.push({ file: path.join(listDir, name), parse: mirrorFromSourcesList });
  }
  for (const { file, parse } of candidates) {
    if (!fs.existsSync(file)) continue;
    const mirror = parse(fs.readFileSync(file, 'utf8'), suite);
    if (mirror) return mirror;
  }
  throw new Error(`No apt source for Debian "${suite}" found in ${aptDir}/sources.list(.d); cannot debootstrap the offline base`);
}
