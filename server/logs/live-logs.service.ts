import crypto from 'node:crypto';
import { Repeater } from 'graphql-yoga';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import { tooManyRequests } from '../errors.js';
import type { EventBus, InvocationEventPayload } from '../events/event.bus.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { LogChunk, LogChunkEvent, LogEvent, LogSnapshot } from './log.events.js';
import type { LogPublisher } from './log.publisher.js';

/** How long a follower waits for another node's replay before it goes on without one. */
const REPLAY_WAIT_MS = 1_000;
/** How long `Invocation.logs` of an invocation running on another node waits for it. */
const FIELD_WAIT_MS = 500;
/**
 * A follower looks at the invocation again this often: its end is normally an event, but in a
 * cluster the event may have gone by while the follower was starting, or its node died.
 */
const RECHECK_MS = 2_000;
/** What a subscriber may leave unread before its stream ends (as event.fanout.ts). */
const MAX_BACKLOG = 256;
const MAX_BACKLOG_CHARS = 16 * 1024 * 1024;
/** Running invocations a function's tail remembers its place in (their ends normally drop them). */
const MAX_TRACKED = 1_000;

/** What followers see, in the order it was published: pieces of output, and ends. */
type Observed = { kind: 'chunk'; chunk: LogChunkEvent } | { kind: 'finished'; row: InvocationRow };

interface Follower {
  observe(event: Observed): void;
}

export interface InvocationReader {
  get(viewer: Viewer, id: string): Promise<InvocationRow>;
}

const isFinished = (row: InvocationRow) => row.status !== 'QUEUED' && row.status !== 'RUNNING';
const finalChunk = (row: InvocationRow, seq: number, offset: number): LogChunk => ({
  invocationId: row.id,
  functionId: row.function_id,
  seq,
  offset,
  text: row.logs.length > offset ? row.logs.slice(offset) : '',
  at: row.finished_at ?? Date.now(),
  final: true,
});
const liveChunk = ({ invocationId, functionId, seq, offset, text, at }: LogChunkEvent): LogChunk => ({ invocationId, functionId, seq, offset, text, at, final: false });

/**
 * The following side of live logs, on every node: subscribers of one invocation (replayed
 * what it printed so far, then each piece, then the rest of its stored logs when it ends) and
 * of one function (every piece of its invocations from now on, and each one's end). One bus
 * listener for all of them, and followers found by id: a piece costs a map lookup per node.
 * The invocation topic is listened to only while someone follows.
 */
export class LiveLogs {
  private readonly byInvocation = new Map<string, Set<Follower>>();
  private readonly byFunction = new Map<string, Set<Follower>>();
  private readonly replayWaiters = new Map<string, (snapshot: LogSnapshot) => void>();
  private stopListening?: () => void;

  constructor(
    private readonly events: EventBus,
    private readonly publisher: LogPublisher,
    private readonly invocations: InvocationReader,
    /** Nodes share a bus (FNBOX_REDIS_URL): an invocation may run on another. */
    private readonly clustered: boolean,
  ) {
    events.listen('logs', (event) => this.onLogEvent(event));
  }

  /** `Invocation.logs`: while it runs, what has arrived so far (here, or from the node running it). */
  async current(row: InvocationRow): Promise<string> {
    if (row.status !== 'RUNNING') return row.logs;
    const snapshot = this.publisher.snapshot(row.id) ?? (this.clustered ? await new Promise<LogSnapshot | undefined>((resolve) => this.requestReplay(row.id, FIELD_WAIT_MS, resolve)) : undefined);
    return snapshot?.text ?? row.logs;
  }

  /** One invocation's output: what it printed so far, each piece as printed, then its end (the caller has authorised `viewer`). */
  followInvocation(viewer: Viewer, invocationId: string): AsyncIterableIterator<LogChunk> {
    return new Repeater<LogChunk>(async (push, stop) => {
      const send = this.outlet(push, stop);
      let replayed = false;
      let ended = false;
      let functionId = '';
      let lastSeq = 0;
      let end = 0;
      const early: Observed[] = [];
      let cancelReplay = () => {};
      const handle = (event: Observed) => {
        if (ended) return;
        if (event.kind === 'finished') {
          ended = true;
          send(finalChunk(event.row, lastSeq + 1, end));
          return void stop();
        }
        const { chunk } = event;
        if (chunk.seq <= lastSeq) return; // in the replay already
        lastSeq = chunk.seq;
        end = chunk.offset + chunk.text.length;
        send(liveChunk(chunk));
      };
      const replay = (snapshot: LogSnapshot | undefined) => {
        if (replayed) return;
        replayed = true;
        cancelReplay();
        if (snapshot?.text) send({ invocationId, functionId, seq: snapshot.seq, offset: 0, text: snapshot.text, at: snapshot.at, final: false });
        if (snapshot) [lastSeq, end] = [snapshot.seq, snapshot.text.length];
        for (const event of early.splice(0)) handle(event);
      };
      const follower: Follower = {
        observe: (event) => {
          const ownerId = event.kind === 'chunk' ? event.chunk.ownerId : event.row.owner_id;
          if (ownerId !== viewer.id && !isAdmin(viewer)) return;
          if (replayed) return handle(event);
          early.push(event);
          // Its first piece, or its end: nothing was printed before that a replay could add.
          if (event.kind === 'finished' || event.chunk.seq === 1) replay(undefined);
        },
      };
      // Listening first, then reading: whatever happens after the read is heard.
      const unregister = this.register(this.byInvocation, invocationId, follower);
      const recheck = setInterval(() => void this.recheck(viewer, invocationId, follower), RECHECK_MS);
      try {
        const row = await this.invocations.get(viewer, invocationId);
        functionId = row.function_id;
        if (isFinished(row)) {
          replayed = true;
          handle({ kind: 'finished', row });
        } else {
          const local = this.publisher.snapshot(invocationId);
          if (local || !this.clustered) replay(local);
          else cancelReplay = this.requestReplay(invocationId, REPLAY_WAIT_MS, replay);
        }
      } catch (error) {
        void stop(error);
      }
      await stop;
      clearInterval(recheck);
      cancelReplay();
      unregister();
    });
  }

  /** A function's output from now on: each piece of each invocation, and each one's end (the caller has authorised `viewer`). */
  followFunction(viewer: Viewer, functionId: string): AsyncIterableIterator<LogChunk> {
    return new Repeater<LogChunk>(async (push, stop) => {
      const send = this.outlet(push, stop);
      /** Per running invocation: the last piece sent and where it ended. */
      const places = new Map<string, { seq: number; end: number }>();
      const follower: Follower = {
        observe: (event) => {
          const ownerId = event.kind === 'chunk' ? event.chunk.ownerId : event.row.owner_id;
          if (ownerId !== viewer.id && !isAdmin(viewer)) return;
          if (event.kind === 'finished') {
            const place = places.get(event.row.id);
            places.delete(event.row.id);
            // Quick calls never stream: their output is all in their end.
            if (place || event.row.logs) send(finalChunk(event.row, (place?.seq ?? 0) + 1, place?.end ?? 0));
            return;
          }
          const { chunk } = event;
          const place = places.get(chunk.invocationId);
          if (place && chunk.seq <= place.seq) return;
          if (!place && places.size >= MAX_TRACKED) places.delete(places.keys().next().value!);
          places.set(chunk.invocationId, { seq: chunk.seq, end: chunk.offset + chunk.text.length });
          send(liveChunk(chunk));
        },
      };
      const unregister = this.register(this.byFunction, functionId, follower);
      await stop;
      unregister();
    });
  }

  private onLogEvent(event: LogEvent): void {
    if (event.kind === 'chunk') {
      const observed: Observed = { kind: 'chunk', chunk: event };
      this.byInvocation.get(event.invocationId)?.forEach((f) => f.observe(observed));
      this.byFunction.get(event.functionId)?.forEach((f) => f.observe(observed));
    } else if (event.kind === 'replay?') {
      const snapshot = this.publisher.snapshot(event.invocationId);
      if (snapshot) this.events.publish('logs', { kind: 'replay', invocationId: event.invocationId, requestId: event.requestId, ...snapshot });
    } else {
      this.replayWaiters.get(event.requestId)?.(event);
    }
  }

  private onInvocationEvent({ type, invocation: row }: InvocationEventPayload): void {
    if (type !== 'FINISHED') return;
    const observed: Observed = { kind: 'finished', row };
    this.byInvocation.get(row.id)?.forEach((f) => f.observe(observed));
    this.byFunction.get(row.function_id)?.forEach((f) => f.observe(observed));
  }

  /** Asks the other nodes for what a running invocation printed; `answer` gets it, or undefined after `waitMs`. Returns a cancel. */
  private requestReplay(invocationId: string, waitMs: number, answer: (snapshot: LogSnapshot | undefined) => void): () => void {
    const requestId = crypto.randomUUID();
    const done = (snapshot: LogSnapshot | undefined) => {
      clearTimeout(timer);
      if (this.replayWaiters.delete(requestId)) answer(snapshot);
    };
    const timer = setTimeout(() => done(undefined), waitMs);
    this.replayWaiters.set(requestId, done);
    this.events.publish('logs', { kind: 'replay?', invocationId, requestId });
    return () => {
      clearTimeout(timer);
      this.replayWaiters.delete(requestId);
    };
  }

  private async recheck(viewer: Viewer, invocationId: string, follower: Follower): Promise<void> {
    const row = await this.invocations.get(viewer, invocationId).catch(() => undefined);
    if (row && isFinished(row)) follower.observe({ kind: 'finished', row });
  }

  private register(index: Map<string, Set<Follower>>, id: string, follower: Follower): () => void {
    let followers = index.get(id);
    if (!followers) index.set(id, (followers = new Set()));
    followers.add(follower);
    this.stopListening ??= this.events.listen('invocation', (event) => this.onInvocationEvent(event));
    return () => {
      if (followers.delete(follower) && followers.size === 0) index.delete(id);
      if (this.byInvocation.size === 0 && this.byFunction.size === 0) {
        this.stopListening?.();
        this.stopListening = undefined;
      }
    };
  }

  /** Pushes chunks to one subscriber; one that stops reading is ended rather than buffered for. */
  private outlet(push: (chunk: LogChunk) => Promise<unknown>, stop: (error?: unknown) => unknown): (chunk: LogChunk) => void {
    let backlog = 0;
    let backlogChars = 0;
    return (chunk) => {
      backlog++;
      backlogChars += chunk.text.length;
      if (backlog > MAX_BACKLOG || backlogChars > MAX_BACKLOG_CHARS) return void stop(tooManyRequests('Too many log chunks unread: subscribe again'));
      void push(chunk).then(() => {
        backlog--;
        backlogChars -= chunk.text.length;
      });
    };
  }
}
