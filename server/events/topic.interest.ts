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
}

/** The control channel's topic, beside the bus's (behind the same deployment prefix). */
export const INTEREST_TOPIC = '_interest';

export const REFRESH_MS = 10_000;
const EXPIRY_MS = 3 * REFRESH_MS;
/** After asking, how long answers may take to arrive (Redis delivers them in milliseconds). */
export const ANSWER_GRACE_MS = 2_000;

export class TopicInterest {
  /** Listeners on this node per topic. */
  private readonly local = new Map<string, number>();
  /** Other nodes' topics, and when their advertisement is stale. */
  private readonly remote = new Map<string, { topics: Set<string>; expires: number }>();
  /** Until then, every event is published (the answers to our question may still be coming). */
  private openUntil = 0;
  private announcing = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** This node process: its own announcements come back from the channel and are ignored. */
    private readonly origin: string,
    private readonly send: (announcement: InterestAnnouncement) => void,
    private readonly answerGraceMs = ANSWER_GRACE_MS,
  ) {
    this.timer = setInterval(() => this.local.size > 0 && this.announce(), REFRESH_MS).unref();
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

  /** A message of the control channel. */
  received(message: InterestAnnouncement): void {
    if (message.origin === this.origin) return;
    if (message.topics.length === 0) this.remote.delete(message.origin);
    else this.remote.set(message.origin, { topics: new Set(message.topics), expires: Date.now() + EXPIRY_MS });
    if (message.ask) this.announce();
  }

  /** Asks every node for its topics, publishing everything until the answers are in. */
  ask(): void {
    this.openUntil = Date.now() + this.answerGraceMs;
    this.send({ origin: this.origin, topics: [...this.local.keys()], ask: true });
  }

  close(): void {
    clearInterval(this.timer);
    // The others stop publishing for us now, rather than when our advertisement expires.
    if (this.local.size > 0) this.send({ origin: this.origin, topics: [] });
  }

  /** Several listeners come and go together (a connection's subscriptions): one announcement for them. */
  private changed(): void {
    if (this.announcing) return;
    this.announcing = true;
    queueMicrotask(() => {
      this.announcing = false;
      this.announce();
    });
  }

  private announce(): void {
    this.send({ origin: this.origin, topics: [...this.local.keys()] });
  }
}
