/**
 * What travels on the bus's `logs` topic (to every node with FNBOX_REDIS_URL). Chunks are sent
 * only while a function runs long enough for its agent to stream (200 ms): a quick call's
 * output comes whole with its result, and costs nothing here.
 */

/** A piece of a running invocation's output, as the node running it received (and masked) it. */
export interface LogChunkEvent {
  kind: 'chunk';
  invocationId: string;
  functionId: string;
  ownerId: string;
  /** 1, 2, ... per invocation. */
  seq: number;
  /** Where `text` starts in the invocation's (masked) logs: the stored logs begin with every chunk. */
  offset: number;
  text: string;
  /** When the node received it (ms since the epoch). */
  at: number;
}

/** A node that follows an invocation it does not run asks for what was printed before. */
export interface LogReplayRequest {
  kind: 'replay?';
  invocationId: string;
  requestId: string;
}

/** The answer of the node running it: chunks 1..seq joined. */
export interface LogReplay {
  kind: 'replay';
  invocationId: string;
  requestId: string;
  seq: number;
  text: string;
  at: number;
}

export type LogEvent = LogChunkEvent | LogReplayRequest | LogReplay;

/** What a node holds of one of its running invocations' output. */
export interface LogSnapshot {
  seq: number;
  text: string;
  at: number;
}

/** What subscribers receive (GraphQL LogChunk). */
export interface LogChunk {
  invocationId: string;
  functionId: string;
  seq: number;
  offset: number;
  text: string;
  at: number;
  /** The invocation's last chunk: it finished, and `text` is the rest of its stored logs. */
  final: boolean;
}
