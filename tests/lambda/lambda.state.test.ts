/**
 * Lambda's State and LastUpdateStatus from dependency builds: what the SDK waiters
 * (waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2) read while a build runs.
 */
import { describe, expect, it } from 'vitest';
import { functionState } from '../../server/lambda/lambda.state.js';

describe('functionState', () => {
  it('is Active and Successful without a build, and once the newest build succeeded', () => {
    expect(functionState(undefined, true)).toEqual({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(functionState({ status: 'SUCCEEDED' }, true)).toEqual({ State: 'Active', LastUpdateStatus: 'Successful' });
  });

  it('is Pending / InProgress while the first build is queued or running', () => {
    for (const status of ['QUEUED', 'BUILDING'] as const) expect(functionState({ status }, false)).toMatchObject({ State: 'Pending', LastUpdateStatus: 'InProgress' });
  });

  it('stays Active while an update builds (the previous version serves), with the update InProgress', () => {
    expect(functionState({ status: 'BUILDING' }, true)).toMatchObject({ State: 'Active', LastUpdateStatus: 'InProgress' });
  });

  it('is Failed when the first build failed, and says why from the end of the log', () => {
    const state = functionState({ status: 'FAILED', log: 'Collecting nope\nERROR: No matching distribution found for nope\n' }, false);
    expect(state).toMatchObject({ State: 'Failed', LastUpdateStatus: 'Failed' });
    expect(state.reason).toContain('No matching distribution found for nope');
    expect(functionState({ status: 'FAILED' }, true)).toMatchObject({ State: 'Active', LastUpdateStatus: 'Failed' });
  });
});
