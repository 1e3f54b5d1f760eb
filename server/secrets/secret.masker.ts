/** Values shorter than this are not masked: masking "a" or "0" would garble every log. */
export const MASK_MIN_CHARS = 4;

/**
 * Replaces secret values in text, with `[secret:NAME]`: each value as is, and its base64 and
 * base64url (unpadded, so "...=" tails still match). A plain substring search per form (V8's
 * fixed-string search, several times faster than an alternation tried at every position)
 * finds which occur; most output holds none and is returned as is. Those found are replaced
 * in one pass of a regular expression of just them, longest first, so a value that contains
 * another is masked whole and no replacement is matched again.
 */
export class SecretMasker {
  private readonly names = new Map<string, string>();
  /** Longest first. */
  private readonly forms: string[];

  constructor(secrets: Iterable<[name: string, value: string]>) {
    for (const [name, value] of secrets) {
      if (value.length < MASK_MIN_CHARS) continue;
      const base64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
      for (const form of [value, base64, base64.replace(/\+/g, '-').replace(/\//g, '_')]) {
        if (!this.names.has(form)) this.names.set(form, name);
      }
    }
    this.forms = [...this.names.keys()].sort((a, b) => b.length - a.length);
  }

  mask<T extends string | null | undefined>(text: T): T {
    if (!text) return text;
    const found = this.forms.filter((form) => text.includes(form));
    if (found.length === 0) return text;
    const pattern = new RegExp(found.map(escapeRegExp).join('|'), 'g');
    return text.replace(pattern, (match) => `[secret:${this.names.get(match)}]`) as T;
  }

  /**
   * How many characters at the end of `text` could be the start of a secret (the longest
   * suffix that is a proper prefix of a value or one of its forms): text streamed in pieces
   * holds those back until the next piece, so a value split across two pieces is masked whole.
   */
  unsafeTail(text: string): number {
    let longest = 0;
    const last = text.charCodeAt(text.length - 1);
    for (const form of this.forms) {
      for (let k = Math.min(form.length - 1, text.length); k > longest; k--) {
        // Only prefixes ending in text's last character can match: most are skipped here.
        if (form.charCodeAt(k - 1) === last && text.endsWith(form.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
