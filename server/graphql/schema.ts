import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
// Each domain adds its types and fields to the builder when imported.
import './enums.js';
import '../auth/user.graphql.js';
import '../functions/function.graphql.js';
import '../invocations/invocation.graphql.js';
import '../invocations/invocation-events.graphql.js';
import '../logs/log.graphql.js';
import '../metrics/metrics.graphql.js';
import '../metrics/live.graphql.js';
import '../triggers/async.graphql.js';
import '../triggers/schedule.graphql.js';
import '../secrets/secret.graphql.js';
import '../cluster/node.graphql.js';
import '../memory/memory.graphql.js';
import '../builds/build.graphql.js';
import '../aliases/alias.graphql.js';
import '../quotas/quota.graphql.js';

export const schema = builder.toSchema();

/** The committed schema.graphql: sorted so that diffs show only real changes. */
export function printSortedSchema(): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
