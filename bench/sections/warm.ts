import type { BenchResponse } from '../lib/client.js';
import { sequential } from '../lib/client.js';
import { invokeLikeLine } from '../lib/floors.js';
import { readmeAnswered } from '../lib/fnbox.js';
import { summariseRounds, type LatencySummary } from '../lib/stats.js';
import { interleavedLatency } from './measure.js';
import { latencyRows, warmNote } from './report.js';
import type { Bench } from './setup.js';
import { COUNTS, log, okBody } from './settings.js';

/** Warm latency: the floors, the route, GraphQL, the seed API and the Lambda API, in alternating rounds. */
export async function benchWarm({ server, floorClient, echo, fns, auth, keyAuth, signLambda, egressWorks }: Bench) {
  log('warm latency (floor.http, floor.attach, route and GraphQL with a JWT and an API key, seed API, /healthz, { me { id } })');
  const line = invokeLikeLine();
  const gqlBody = JSON.stringify({ query: 'mutation($id: ID!) { invokeFunction(id: $id) { status result } }', variables: { id: fns[0]!.id } });
  const meBody = JSON.stringify({ query: '{ me { id } }' });
  const gqlCall = (headers: Record<string, string>, body: string) => () => server.client.request({ method: 'POST', path: '/graphql', headers: { ...headers, 'content-type': 'application/json' }, body });
  const invoked = (res: BenchResponse) => res.body.includes('"SUCCESS"') && res.body.includes('15');
  const pid = server.pid;
  const warm = await interleavedLatency({
    floorHttp: { call: () => floorClient.request({ method: 'GET', path: '/fn/bench' }) },
    floorAttach: { call: async () => (await echo.roundTrip(line), { status: 200, body: '"sum":15' }) },
    route: { call: () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: auth }), pid },
    ...(egressWorks ? { egressRoute: { call: () => server.client.request({ method: 'GET', path: '/fn/bench-egress', headers: auth }), pid } } : {}),
    routeKey: { call: () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: keyAuth }), pid },
    graphql: { call: gqlCall(auth, gqlBody), check: invoked, pid },
    graphqlKey: { call: gqlCall(keyAuth, gqlBody), check: invoked, pid },
    publicRoute: { call: () => server.client.request({ method: 'GET', path: '/fn/bench-public' }), pid },
    lambdaInvoke: {
      call: () => {
        const path = `/2015-03-31/functions/${fns[0]!.name}/invocations`;
        return server.client.request({ method: 'POST', path, headers: signLambda('POST', path, '{}'), body: '{}' });
      },
      check: (res) => res.status === 200 && readmeAnswered(res),
      pid,
    },
    seedApi: {
      call: () => server.client.request({ method: 'POST', path: `/api/v1/execute/${fns[0]!.id}`, headers: auth }),
      check: (res) => res.body.includes('"success"'),
      pid,
    },
    healthz: { call: () => server.client.request({ method: 'GET', path: '/healthz' }), check: (res) => res.status === 200, pid },
    me: { call: gqlCall(auth, meBody), check: (res) => res.status === 200 && res.body.includes('"me":{"id"'), pid },
  });
  // Where a warm call's time goes: one more round of route calls, then the executor's own
  // span of each (container claimed -> result parsed) as recorded on its invocation. The
  // rest is HTTP, auth, routing and recording.
  await sequential(COUNTS.warmPerRound, () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: auth }), okBody);
  const recent = await server.gql('query($id: ID!, $n: Int) { invocations(functionId: $id, first: $n) { edges { node { durationMs } } } }', {
    id: fns[0]!.id,
    n: COUNTS.warmPerRound,
  });
  const execSpan = summariseRounds([recent.invocations.edges.map((e: { node: { durationMs: number } }) => e.node.durationMs)]);
  const warmFloor: LatencySummary = { n: 0, p50: warm.floorHttp!.p50 + warm.floorAttach!.p50, p99: warm.floorHttp!.p99 + warm.floorAttach!.p99, min: NaN, max: NaN };
  const floorSum = { name: 'floor.http+attach', s: warmFloor };
  latencyRows('floors', 'floor.http (bare node:http, README result)', warm.floorHttp!);
  latencyRows('floors', 'floor.attach (python3 echo over docker attach)', warm.floorAttach!);
  latencyRows('floors', 'floor.http + floor.attach', warmFloor, undefined, 'sum of the two');
  latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>', warm.route!, floorSum, warmNote(warm.route!));
  if (warm.egressRoute) {
    latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>, EGRESS function', warm.egressRoute, { name: 'route (NONE)', s: warm.route! }, warmNote(warm.egressRoute, warm.route!));
  }
  latencyRows('fnbox warm (sequential)', 'PUBLIC route GET /fn/<route> (no credential)', warm.publicRoute!, floorSum, warmNote(warm.publicRoute!));
  latencyRows('fnbox warm (sequential)', '↳ executor span of those calls (durationMs)', execSpan, { name: 'floor.attach', s: warm.floorAttach! }, `last ${execSpan.n} invocations`);
  latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>, API key', warm.routeKey!, floorSum, warmNote(warm.routeKey!));
  latencyRows('fnbox warm (sequential)', 'GraphQL invokeFunction', warm.graphql!, floorSum, warmNote(warm.graphql!));
  latencyRows('fnbox warm (sequential)', 'seed API POST /api/v1/execute/{id}', warm.seedApi!, floorSum, warmNote(warm.seedApi!));
  // What GraphQL costs over the same work without it, measured side by side.
  const overhead = 'GraphQL overhead (sequential, same server)';
  latencyRows(overhead, 'GET /healthz', warm.healthz!, undefined, warmNote(warm.healthz!));
  latencyRows(overhead, 'GraphQL { me { id } }', warm.me!, { name: '/healthz', s: warm.healthz! }, warmNote(warm.me!, warm.healthz!));
  latencyRows(overhead, 'GraphQL invokeFunction, JWT', warm.graphql!, { name: 'route, JWT', s: warm.route! }, warmNote(warm.graphql!, warm.route!));
  latencyRows(overhead, 'GraphQL invokeFunction, API key', warm.graphqlKey!, { name: 'route, API key', s: warm.routeKey! }, warmNote(warm.graphqlKey!, warm.routeKey!));
  latencyRows(overhead, 'Lambda API Invoke (SigV4, by name)', warm.lambdaInvoke!, { name: 'route, API key', s: warm.routeKey! }, warmNote(warm.lambdaInvoke!, warm.routeKey!));
  return { warm, execSpan, warmFloor, line };
}
