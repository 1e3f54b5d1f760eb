/** Values shorter than this are not masked: masking "a" or "0" would garble every log. */
export const MASK_MIN_CHARS = 4;

/**
 * Replaces secret values in text, with `[secret:NAME]`: each value as is, and its base64 and
 * base64url (unpadded, so "...=" tails still match). One precompiled regular expression per
 * set of values, longest first, so the whole text is scanned once.
 */
export class SecretMasker {
  private readonly pattern: RegExp | null;
  private readonly names = new Map<string, string>();

  constructor(secrets: Iterable<[name: string, value: string]>) {
    for (const [name, value] of secrets) {
      if (value.length < MASK_MIN_CHARS) continue;
      const base64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
      for (const form of [value, base64, base64.replace(/\+/g, '-').replace(/\//g, '_')]) {
        if (!this.names.has(form)) this.names.set(form, name);
      }
    }
    const forms = [...this.names.keys()].sort((a, b) => b.length - a.length);
    this.pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;
  }

  mask<T extends string | null | undefined>(text: T): T {
    if (!text || !this.pattern) return text;
    return text.replace(this.pattern, (found) => `[secret:${this.names.get(found)}]`) as T;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
