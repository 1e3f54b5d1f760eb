/**
 * Helpers for suites that drive the executor through the real server (route shim + GraphQL):
 * client calls with a timeout (a hang fails the test instead of stalling it), functions,
 * this server's containers as the engine sees them, and a socket proxy that can cut the engine.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import type { TestServer } from '../support/test-server.js';

export const docker = new Docker();
/** Generous: only a hang should ever reach it. */
export const CLIENT_TIMEOUT_MS = 30_000;

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function request(server: TestServer, method: string, urlPath: string, token?: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + urlPath, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function gql(server: TestServer, token: string, query: string, variables: Record<string, unknown> = {}) {
  const reply = await request(server, 'POST', '/graphql', token, { query, variables });
  return { status: reply.status, data: reply.body?.data, errors: reply.body?.errors as { message: string; extensions?: { code?: string } }[] | undefined };
}

export interface FnInput {
  name: string;
  runtime: 'PYTHON' | 'NODE';
  code: string;
  route?: string;
  timeoutMs?: number;
  memoryMb?: number;
  env?: Record<string, string>;
}

export async function createFunction(server: TestServer, token: string, input: FnInput): Promise<string> {
  const res = await gql(server, token, 'mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id } }', { input });
  if (res.errors) throw new Error(`createFunction ${input.name}: ${JSON.stringify(res.errors)}`);
  return res.data.createFunction.id;
}

export interface InvocationView {
  id: string;
  status: string;
  result: any;
  error: string | null;
  logs: string;
  logsTruncated: boolean;
  coldStart: boolean;
}

/** invokeFunction over GraphQL; throws on GraphQL errors (a failing function is not one). */
export async function invoke(server: TestServer, token: string, id: string, input: unknown = {}): Promise<InvocationView> {
  const res = await gql(server, token, 'mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status result error logs logsTruncated coldStart } }', { id, input });
  if (res.errors) throw Object.assign(new Error(res.errors[0].message), { code: res.errors[0].extensions?.code });
  return res.data.invokeFunction;
}

/** `POST /fn/<route>` with a JSON body. */
export const callRoute = (server: TestServer, token: string, route: string, body: unknown = {}) => request(server, 'POST', `/fn${route}`, token, body);

export const executorOf = (server: TestServer) => server.app.services.executor as DockerExecutor;

/** This server's containers, as the engine lists them (any state). */
export function serverContainers(server: TestServer, client: Docker = docker) {
  return client.listContainers({ all: true, filters: { label: [`fnbox.instance=${executorOf(server).identity.instanceId}`] } });
}

/** `what` names the condition in the error; a function is asked only then (it may say what was seen last). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what: string | (() => string) = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()} not met in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the engine holds exactly the containers the pools track, all running: removals
 * of killed or cut-off containers run in the background.
 */
export function containersSettled(server: TestServer, timeoutMs = 45_000): Promise<void> {
  const executor = executorOf(server);
  let seen = '';
  return until(async () => {
    const listed = await serverContainers(server);
    seen = `${executor.stats().containers} tracked, the engine lists ${JSON.stringify(listed.map((c) => `${c.Id.slice(0, 12)} ${c.State} ${c.Status}`))}`;
    return listed.length === executor.stats().containers && listed.every((c) => c.State === 'running');
  }, timeoutMs, () => `containers settled (${seen})`);
}

/**
 * A unix socket that forwards to the real engine; `down()` closes it and cuts every open
 * connection, which to fnbox looks exactly like the engine going away. The real dockerd is
 * never touched (other suites run against it).
 */
export class EngineProxy {
  readonly socketPath: string;
  /** Requests matching this (their first line) reach the engine, but their answers are lost: the connection is cut instead. */
  loseAnswersTo?: RegExp;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target = '/var/run/docker.sock') {
    this.socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-sock-')), 'docker.sock');
  }

  get isUp(): boolean {
    return !!this.server;
  }

  up(): Promise<void> {
    if (this.server) return Promise.resolve();
    fs.rmSync(this.socketPath, { force: true });
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      this.sockets.add(client).add(upstream);
      let losing = false;
      client.on('data', (chunk: Buffer) => {
        if (this.loseAnswersTo?.test(chunk.toString('latin1', 0, 200))) losing = true;
      });
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => (losing ? end() : client.write(chunk)));
      upstream.on('end', () => client.end());
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.socketPath, resolve));
  }

  down(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
