import { builder } from './builder.js';

export const RuntimeEnum = builder.enumType('Runtime', { values: ['PYTHON', 'NODE'] as const });
export const RoleEnum = builder.enumType('Role', { values: ['ADMIN', 'USER'] as const });
export const InvocationStatusEnum = builder.enumType('InvocationStatus', {
  values: ['QUEUED', 'RUNNING', 'SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as const,
});
export const InvocationTriggerEnum = builder.enumType('InvocationTrigger', {
  description: 'How an invocation was started.',
  values: ['GRAPHQL', 'GRAPHQL_ASYNC', 'HTTP', 'API', 'SCHEDULE', 'RETRY', 'DESTINATION'] as const,
});
