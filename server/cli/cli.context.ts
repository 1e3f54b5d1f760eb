import { ApiClient } from './api.client.js';
import { resolveTarget } from './cli.config.js';
import { CliError, EXIT } from './cli.errors.js';
import type { Output } from './cli.output.js';

/** What every command gets: the API of the chosen server and the output. */
export interface CliContext {
  api: ApiClient;
  out: Output;
}

export function contextFor(options: { url?: string }, out: Output): CliContext {
  return { api: new ApiClient(resolveTarget(options.url)), out };
}

export interface FunctionSummary {
  id: string;
  name: string;
  ownerId: string;
  runtime: string;
  route: string | null;
  access: string;
  version: number;
  updatedAt: string;
}

const SUMMARY = 'id name ownerId runtime route access version updatedAt';

/** The caller's own functions (an ADMIN sees everyone's: the CLI works on its own). */
export async function ownFunctions(api: ApiClient): Promise<FunctionSummary[]> {
  const data = await api.request<{ me: { id: string }; functions: FunctionSummary[] }>(`{ me { id } functions { ${SUMMARY} } }`);
  return data.functions.filter((fn) => fn.ownerId === data.me.id);
}

/**
 * A function of the caller's, by name (or id). A key scoped to some functions cannot list
 * them: then it reads the one function by id, or, for a name, the first call names it as is.
 */
export async function findFunction(api: ApiClient, nameOrId: string): Promise<Pick<FunctionSummary, 'id' | 'name'> & Partial<FunctionSummary>> {
  let list: FunctionSummary[];
  try {
    list = await ownFunctions(api);
  } catch (error) {
    if (error instanceof CliError && error.code === 'FORBIDDEN') return { id: nameOrId, name: nameOrId };
    throw error;
  }
  const found = list.find((fn) => fn.name === nameOrId) ?? list.find((fn) => fn.id === nameOrId);
  if (!found) throw new CliError(`No function named ${nameOrId} on ${api.url} (see \`fnbox ls\`)`, EXIT.FAILURE, 'NOT_FOUND');
  return found;
}

export const routeUrl = (api: ApiClient, route: string | null | undefined) => (route ? `${api.url}/fn${route}` : null);
