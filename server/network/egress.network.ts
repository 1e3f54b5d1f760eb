/**
 * The Docker network EGRESS containers join, through the executor's engine interface (only the
 * executor talks to Docker). Created once and shared by every server on the engine; an
 * existing network is used only if it has the properties the rules rely on.
 */
import type { EgressConfig } from '../config.js';
import type { ContainerEngine, NetworkInfo } from '../executor/container.engine.js';

export class EgressNetworkError extends Error {}

export async function ensureEgressNetwork(engine: ContainerEngine, config: EgressConfig): Promise<NetworkInfo & { subnet: string; gateway?: string }> {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(config.bridge)) throw new EgressNetworkError(`FNBOX_EGRESS_BRIDGE "${config.bridge}" is not a Linux interface name (1-15 characters)`);
  const info =
    (await engine.inspectNetwork(config.network)) ??
    (await engine.createNetwork({ name: config.network, bridge: config.bridge, subnet: config.subnet, labels: { fnbox: '1', 'fnbox.egress': '1' } }));
  // Rules match on the bridge name: a network on another bridge would bypass them all.
  const problems = [
    info.bridge !== config.bridge && `its bridge is ${info.bridge ?? 'unnamed'}, not ${config.bridge}`,
    info.icc && 'its containers can reach each other (enable_icc)',
    info.ipv6 && 'it has IPv6, which the rules do not cover',
    info.internal && 'it is internal (no route out)',
    !info.subnet && 'it has no IPv4 subnet',
    config.subnet && info.subnet !== config.subnet && `its subnet is ${info.subnet}, not ${config.subnet}`,
  ].filter(Boolean);
  if (problems.length) throw new EgressNetworkError(`Docker network ${config.network} exists but ${problems.join('; ')}: remove it and restart`);
  return info as NetworkInfo & { subnet: string };
}
