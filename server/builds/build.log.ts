/**
 * A running build's log: what the installer prints, streamed to subscribers as it comes and
 * kept in memory up to a bound (its tail: an installer says why it failed at the end), saved
 * with the build now and then and when it ends.
 */
const CUT_NOTE = '[... earlier output cut ...]\n';

export class BuildLog {
  private text = '';
  private cut = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly maxChars: number) {}

  /** Appends a chunk (bytes from the builder, or a line of our own); returns it as text. */
  append(chunk: Buffer | string): string {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.text += text;
    // Trimmed in steps, not per chunk: a chatty installer must not cost a copy per line.
    if (this.text.length > this.maxChars * 1.25) {
      this.text = this.text.slice(-this.maxChars);
      this.cut = true;
    }
    return text;
  }

  toString(): string {
    const text = this.text.length > this.maxChars ? this.text.slice(-this.maxChars) : this.text;
    return this.cut || text.length < this.text.length ? CUT_NOTE + text : text;
  }
}
