import { builder } from './builder.js';

export const RuntimeEnum = builder.enumType('Runtime', { values: ['PYTHON', 'NODE'] as const });
export const NetworkAccessEnum = builder.enumType('NetworkAccess', {
  description: 'NONE: no network. EGRESS: DNS and the internet, never the fnbox host, the container engine, other containers, link-local or private addresses.',
  values: ['NONE', 'EGRESS'] as const,
});
export const RoleEnum = builder.enumType('Role', { values: ['ADMIN', 'USER'] as const });
export const InvocationStatusEnum = builder.enumType('InvocationStatus', {
  values: ['QUEUED', 'RUNNING', 'SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as const,
});
export const InvocationTriggerEnum = builder.enumType('InvocationTrigger', {
  description: 'How an invocation was started.',
  values: ['GRAPHQL', 'GRAPHQL_ASYNC', 'HTTP', 'API', 'SCHEDULE', 'RETRY', 'DESTINATION', 'FUNCTION'] as const,
});
export const RouteAccessEnum = builder.enumType('RouteAccess', {
  description: 'Who may call a function\'s route: PRIVATE needs its owner\'s (or an admin\'s) credential, PUBLIC answers anyone (rate limited per client).',
  values: ['PRIVATE', 'PUBLIC'] as const,
});
