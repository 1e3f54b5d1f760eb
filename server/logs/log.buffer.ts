import type { SecretMasker } from '../secrets/secret.masker.js';
import type { LogSnapshot } from './log.events.js';

/** A piece of output made ready to send: masked, numbered, and placed in the invocation's logs. */
export interface ReleasedText {
  seq: number;
  offset: number;
  text: string;
  at: number;
}

/**
 * One running invocation's output on the node that runs it, from its first streamed piece to
 * its end: what late subscribers are replayed, and `Invocation.logs` while it runs. Bounded
 * like the stored logs (maxLogBytes; masking can lengthen text, so what is past the bound is
 * neither kept nor sent: subscribers get it with the invocation's end, from the stored logs).
 *
 * With secrets, text is masked before it leaves, and a tail that could be the start of a
 * secret is held back until the next piece: a value split across two pieces is still masked.
 * A held tail left at the end is never sent on its own; the stored logs (masked whole) carry it.
 */
export class LogBuffer {
  private readonly parts: string[] = [];
  private seq = 0;
  /** Masked characters released so far: the next piece's offset. */
  private released = 0;
  private held = '';
  private at = 0;

  constructor(
    private readonly maxChars: number,
    private readonly masker?: SecretMasker,
  ) {}

  /** The masked piece to send for `text`, or undefined (all held back, or past the bound). */
  add(text: string): ReleasedText | undefined {
    if (this.released >= this.maxChars) return undefined;
    let ready = text;
    if (this.masker) {
      const joined = this.held + text;
      const hold = this.masker.unsafeTail(joined);
      this.held = joined.slice(joined.length - hold);
      ready = this.masker.mask(joined.slice(0, joined.length - hold));
    }
    if (!ready) return undefined;
    const piece = { seq: ++this.seq, offset: this.released, text: ready, at: (this.at = Date.now()) };
    this.parts.push(ready);
    this.released += ready.length;
    return piece;
  }

  snapshot(): LogSnapshot {
    if (this.parts.length > 1) this.parts.splice(0, this.parts.length, this.parts.join(''));
    return { seq: this.seq, text: this.parts[0] ?? '', at: this.at };
  }
}
