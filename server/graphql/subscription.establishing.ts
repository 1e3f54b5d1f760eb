/**
 * When a client may rely on a subscription. graphql-ws has no acknowledgement per operation,
 * so its ping is one: the `pong` to a `ping` is sent once every subscription the connection
 * asked for before that `ping` is established, that is, its resolver ran, its stream listens
 * to the event bus, and (with Redis) every node acknowledged this node's interest in the
 * stream's topic (events/topic.interest.ts). From then on the subscription misses no event
 * published on any node. A client that does not ping is not kept waiting by any of this.
 */
export class SubscriptionsEstablishing {
  /** Per graphql-ws connection context: the operations whose setup is under way. */
  private readonly starting = new WeakMap<object, Map<string, { done: Promise<void>; resolve: () => void }>>();

  constructor(
    /** Resolves once every node has heard of this node's listeners as they are now. */
    private readonly heardEverywhere: () => Promise<void>,
  ) {}

  /** The operation's subscribe message arrived (called before anything is awaited for it). */
  private begin(connection: object, id: string): void {
    let starting = this.starting.get(connection);
    if (!starting) this.starting.set(connection, (starting = new Map()));
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    starting.set(id, { done, resolve });
  }

  /** graphql-ws's onSubscribe, tracked from its start to its answer: refused (errors) or about to run. */
  tracked<C extends object, P, R>(onSubscribe: (connection: C, id: string, payload: P) => Promise<R>): (connection: C, id: string, payload: P) => Promise<R> {
    return async (connection, id, payload) => {
      this.begin(connection, id);
      try {
        const answer = await onSubscribe(connection, id, payload);
        // Errors: refused, never run (graphql-ws calls no onOperation for it).
        if (Array.isArray(answer)) this.started(connection, id);
        return answer;
      } catch (error) {
        this.started(connection, id);
        throw error;
      }
    };
  }

  /** The operation was refused, or its result (a stream, or an error) is about to be iterated. */
  started(connection: object, id: string): void {
    const starting = this.starting.get(connection);
    starting?.get(id)?.resolve();
    starting?.delete(id);
  }

  /** Resolves once every operation begun on the connection so far is established. */
  async established(connection: object): Promise<void> {
    await Promise.all([...(this.starting.get(connection)?.values() ?? [])].map((operation) => operation.done));
    // graphql-ws iterates a stream right after `started`, and its first next() is where the
    // stream starts listening: done once this turn's microtasks have run.
    await new Promise((resolve) => setImmediate(resolve));
    await this.heardEverywhere();
  }
}
