/**
 * Which bus topics some node of the cluster listens to, so that a node publishes an event to
 * Redis only when it will be heard. Most topics have listeners on every node all the time
 * (functions, access, secrets, quotas, metrics), but the busiest one does not: each call
 * publishes its invocation's STARTED and FINISHED (input, result and logs, serialised), which
 * only live subscriptions and log followers read. Without any, those two writes per call went
 * to a Redis that dropped them.
 *
 * Each node advertises the topics it listens to on one control channel: when its first
 * listener of a topic comes or its last goes, every REFRESH_MS while it listens to anything
 * (a node that died stops being counted after EXPIRY_MS), and when a node asks (at its start,
 * and after its subscribing connection was away and may have missed announcements). Until
 * a node has heard the answers to its question, it publishes everything: never knowing too
 * little is the safe side, and costs only the writes this saves.
 */

/** A node's message on the control channel: the topics it listens to (all of them, not a change). */
export interface InterestAnnouncement {
  origin: string;
  topics: string[];
  /** The sender wants every node's topics (it just started, or may have missed some). */
  ask?: true;
  /** A change of the sender's topics, numbered: every node that hears it acknowledges it. */
  seq?: number;
  /** This message (with the sender's own topics) acknowledges another node's change. */
  acknowledges?: { origin: string; seq: number };
}

/** A change announced, until every node that received it has acknowledged it. */
interface PendingChange {
  /** How many subscribers Redis delivered it to (this node's own included), once PUBLISH answered. */
  receivers?: number;
  /** Acknowledgements so far, this node's own echo included. */
  heard: number;
  /** This node's own Redis subscriptions, made before the change, are in place. */
  subscribed: boolean;
  settle(): void;
  settled: Promise<void>;
}

/** The control channel's topic, beside the bus's (behind the same deployment prefix). */
export const INTEREST_TOPIC = '_interest';

export const REFRESH_MS = 10_000;
const EXPIRY_MS = 3 * REFRESH_MS;
/**
 * After asking, how long answers may take to arrive (Redis delivers them in milliseconds); and
 * how long a change waits for acknowledgements before it counts as heard anyway (a node that
 * received it but cannot answer: frozen, or its publishing connection down).
 */
export const ANSWER_GRACE_MS = 2_000;

export class TopicInterest {
  /** Listeners on this node per topic. */
  private readonly local = new Map<string, number>();
  /** Other nodes' topics, and when their advertisement is stale. */
  private readonly remote = new Map<string, { topics: Set<string>; expires: number }>();
  /** Until then, every event is published (the answers to our question may still be coming). */
  private openUntil = 0;
  /** The change to announce at the end of this turn (several listeners come and go together). */
  private queued: PendingChange | undefined;
  /** Changes announced and not yet acknowledged by every node, by number. */
  private readonly pending = new Map<number, PendingChange>();
  private seq = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** This node process: its own announcements come back from the channel (counted, not applied). */
    private readonly origin: string,
    /** Publishes on the control channel; resolves to how many subscribers received it. */
    private readonly send: (announcement: InterestAnnouncement) => Promise<number>,
    private readonly answerGraceMs = ANSWER_GRACE_MS,
    /** Resolves once the channel subscriptions this node has asked for so far are in place at Redis. */
    private readonly subscribed: () => Promise<unknown> = () => Promise.resolve(),
  ) {
    this.timer = setInterval(() => this.local.size > 0 && void this.announce(), REFRESH_MS).unref();
    this.ask();
  }

  /** Whether an event of `topic` would reach a listener (on the publish path: a map lookup and a walk over the nodes). */
  heard(topic: string): boolean {
    if (this.local.has(topic)) return true;
    const now = Date.now();
    if (now < this.openUntil) return true;
    for (const [origin, node] of this.remote) {
      if (node.expires < now) this.remote.delete(origin);
      else if (node.topics.has(topic)) return true;
    }
    return false;
  }

  added(topic: string): void {
    const count = this.local.get(topic) ?? 0;
    this.local.set(topic, count + 1);
    if (count === 0) this.changed();
  }

  removed(topic: string): void {
    const count = this.local.get(topic);
    if (count === undefined) return;
    if (count > 1) return void this.local.set(topic, count - 1);
    this.local.delete(topic);
    this.changed();
  }

  /**
   * Resolves once every node has heard this node's topics as they are now: every change made
   * so far was acknowledged by each subscriber of the control channel that received it, and
   * this node's channel subscriptions are in place (or ANSWER_GRACE_MS passed). From then on,
   * every node publishes what this node listens to, and this node receives it.
   */
  heardEverywhere(): Promise<void> {
    return this.queued?.settled ?? this.pending.get(this.seq)?.settled ?? Promise.resolve();
  }

  /** A message of the control channel. */
  received(message: InterestAnnouncement): void {
    if (message.acknowledges?.origin === this.origin) this.acknowledged(message.acknowledges.seq);
    // Its own change back from the channel: one of the receivers PUBLISH counted.
    if (message.origin === this.origin) return void (message.seq !== undefined && this.acknowledged(message.seq));
    if (message.topics.length === 0) this.remote.delete(message.origin);
    else this.remote.set(message.origin, { topics: new Set(message.topics), expires: Date.now() + EXPIRY_MS });
    // Applied above before it is acknowledged: once the sender has every answer, all publish to it.
    if (message.seq !== undefined) this.announce({ acknowledges: { origin: message.origin, seq: message.seq } });
    else if (message.ask) this.announce();
  }

  /** Asks every node for its topics, publishing everything until the answers are in. */
  ask(): void {
    this.openUntil = Date.now() + this.answerGraceMs;
    void this.send({ origin: this.origin, topics: [...this.local.keys()], ask: true }).catch(() => 0);
  }

  close(): void {
    clearInterval(this.timer);
    for (const change of this.pending.values()) change.settle();
    // The others stop publishing for us now, rather than when our advertisement expires.
    if (this.local.size > 0) void this.send({ origin: this.origin, topics: [] }).catch(() => 0);
  }

  /** Several listeners come and go together (a connection's subscriptions): one numbered announcement for them. */
  private changed(): void {
    if (this.queued) return;
    const change = (this.queued = pendingChange());
    queueMicrotask(() => {
      this.queued = undefined;
      const seq = ++this.seq;
      this.pending.set(seq, change);
      const timeout = setTimeout(change.settle, this.answerGraceMs).unref();
      void change.settled.then(() => {
        clearTimeout(timeout);
        this.pending.delete(seq);
      });
      // The others publishing to this node is half of it; this node hearing them is the other.
      const inPlace = () => {
        change.subscribed = true;
        this.acknowledged(seq, 0);
      };
      void this.subscribed().then(inPlace, inPlace);
      void this.announce({ seq }).then((receivers) => {
        change.receivers = receivers;
        this.acknowledged(seq, 0);
      });
    });
  }

  private acknowledged(seq: number, count = 1): void {
    const change = this.pending.get(seq);
    if (!change) return;
    change.heard += count;
    if (change.subscribed && change.receivers !== undefined && change.heard >= change.receivers) change.settle();
  }

  /** Resolves to how many subscribers received it (0 when it could not be sent: Redis logs why). */
  private announce(extra: Pick<InterestAnnouncement, 'seq' | 'acknowledges'> = {}): Promise<number> {
    return this.send({ origin: this.origin, topics: [...this.local.keys()], ...extra }).catch(() => 0);
  }
}

function pendingChange(): PendingChange {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  return { heard: 0, subscribed: false, settle, settled };
}
