import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { Repeater } from 'graphql-yoga';
import type { AccessChange, AccessChanges } from '../auth/access.changes.js';
import type { Viewer } from '../auth/viewer.js';
import type { LiveLimits } from '../config.js';

/** The part of a graphql-ws socket this file needs. */
export interface LiveSocket {
  close(code: number, reason: string): void;
}

/** One WebSocket connection: who opened it, and how many operations it has open. */
export interface LiveConnection {
  viewer: Viewer;
  socket: LiveSocket;
  /** From graphql-ws's own record of the connection's operations, never from the client. */
  operations(): number;
}

interface LiveStream {
  viewer: Viewer;
  /** Ends the stream with a FORBIDDEN result. */
  revoke(): void;
}

/** Operation ids name a client's operations (UUIDs in graphql-ws clients); kept while open. */
const MAX_OPERATION_ID_LENGTH = 128;
/** Query text and variables of one subscription, kept for as long as it is open. */
const MAX_SUBSCRIPTION_BYTES = 64 * 1024;

/**
 * What an open operation pins in memory is bounded by the server, not left to the client's
 * message (up to 1 MB each): otherwise a user's 200 open subscriptions could hold 200 MB.
 */
export function oversizedOperation(id: string, params: { query: string; variables?: unknown; operationName?: string | null }, document?: DocumentNode): GraphQLError | null {
  if (id.length > MAX_OPERATION_ID_LENGTH) return badRequest(`Operation ids are at most ${MAX_OPERATION_ID_LENGTH} characters`);
  if (!document || getOperationAST(document, params.operationName)?.operation !== 'subscription') return null;
  const bytes = params.query.length + (params.variables ? JSON.stringify(params.variables).length : 0);
  return bytes > MAX_SUBSCRIPTION_BYTES ? badRequest(`A subscription's query and variables are at most ${MAX_SUBSCRIPTION_BYTES / 1024} KB`) : null;
}

/** The connection-cap close code: graphql-ws clients do not retry it. */
export const TOO_MANY_CONNECTIONS = CloseCode.TooManyInitialisationRequests;

/**
 * Every live (graphql-ws) connection by user, for two guarantees. Fairness: connections and
 * open operations per user and per connection are capped (LiveLimits), counted by the server
 * from graphql-ws's own record of a connection's operations, never from what a client says.
 * Authorisation per event: each result of a subscription passes `AccessChanges.stillEntitled`
 * (in memory) before it is sent, and a change ends what it no longer allows at once: a
 * disabled user's connections and a revoked key's close 4403, a demoted admin's streams
 * started as ADMIN end with a FORBIDDEN result.
 */
export class LiveConnections {
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly streams = new Map<string, Set<LiveStream>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly access: AccessChanges,
    private readonly limits: LiveLimits,
  ) {
    this.unsubscribe = access.onChange((change) => this.enforce(change));
  }

  /** Registers a connection, or false when the user has too many (the caller closes it). */
  admit(connection: LiveConnection): boolean {
    let connections = this.byUser.get(connection.viewer.id);
    if (!connections) this.byUser.set(connection.viewer.id, (connections = new Set()));
    if (connections.size >= this.limits.maxConnectionsPerUser) return false;
    connections.add(connection);
    return true;
  }

  release(connection: LiveConnection): void {
    const connections = this.byUser.get(connection.viewer.id);
    if (connections?.delete(connection) && connections.size === 0) this.byUser.delete(connection.viewer.id);
  }

  /** Why one more operation on this connection is refused, or null. Its own entry is already counted. */
  refusal(connection: LiveConnection): GraphQLError | null {
    if (connection.operations() > this.limits.maxSubscriptionsPerConnection) {
      return tooMany(`At most ${this.limits.maxSubscriptionsPerConnection} operations per connection`);
    }
    let total = 0;
    for (const c of this.byUser.get(connection.viewer.id) ?? []) total += c.operations();
    if (total > this.limits.maxSubscriptionsPerUser) return tooMany(`At most ${this.limits.maxSubscriptionsPerUser} operations per user`);
    return null;
  }

  /** The results of one subscription, authorised one by one against the viewer's current access. */
  guard(viewer: Viewer, source: AsyncIterable<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
    return new Repeater<ExecutionResult>(async (push, stop) => {
      const iterator = source[Symbol.asyncIterator]();
      let ended = false;
      const stream: LiveStream = {
        viewer,
        revoke: () => {
          if (ended) return;
          ended = true;
          void push(accessChanged()).finally(() => stop());
        },
      };
      this.track(stream);
      // Returning the source settles its pending next() (done): no race per event, whose
      // reactions on `stop` would pile up for as long as the subscription lives.
      void stop.then(() => {
        ended = true;
        this.untrack(stream);
        void iterator.return?.();
      });
      try {
        while (!ended) {
          const next = await iterator.next();
          if (next.done || ended) break;
          if (!this.access.stillEntitled(viewer)) return stream.revoke();
          await push(next.value);
        }
        stop();
      } catch (error) {
        stop(error);
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }

  private enforce(change: AccessChange): void {
    for (const stream of [...(this.streams.get(change.userId) ?? [])]) {
      if (!this.access.stillEntitled(stream.viewer)) stream.revoke();
    }
    // Credentials that no longer work lose the connection itself (graphql-ws: 4403 Forbidden).
    for (const connection of this.byUser.get(change.userId) ?? []) {
      if (this.access.credentialsRevoked(connection.viewer)) connection.socket.close(CloseCode.Forbidden, 'Forbidden');
    }
  }

  private track(stream: LiveStream): void {
    let streams = this.streams.get(stream.viewer.id);
    if (!streams) this.streams.set(stream.viewer.id, (streams = new Set()));
    streams.add(stream);
  }

  private untrack(stream: LiveStream): void {
    const streams = this.streams.get(stream.viewer.id);
    if (streams?.delete(stream) && streams.size === 0) this.streams.delete(stream.viewer.id);
  }
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const tooMany = (message: string) => new GraphQLError(message, { extensions: { code: 'TOO_MANY_REQUESTS' } });

const accessChanged = (): ExecutionResult => ({
  errors: [new GraphQLError('Access changed: this subscription is no longer allowed', { extensions: { code: 'FORBIDDEN' } })],
});
