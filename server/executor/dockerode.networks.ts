/** The egress network's engine calls over dockerode (server/network/ reaches them through ContainerEngine). */
import Docker from 'dockerode';
import { isNotFound, withTimeout, type NetworkInfo, type NetworkSpec } from './container.engine.js';

const CALL_TIMEOUT_MS = 5_000;
const SLOW_CALL_TIMEOUT_MS = 20_000;

export async function inspectNetwork(docker: Docker, name: string): Promise<NetworkInfo | undefined> {
  try {
    const info = await withTimeout(docker.getNetwork(name).inspect(), CALL_TIMEOUT_MS, 'docker network inspect');
    return toNetworkInfo(info as Docker.NetworkInspectInfo);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function createNetwork(docker: Docker, spec: NetworkSpec): Promise<NetworkInfo> {
  try {
    await withTimeout(
      docker.createNetwork({
        Name: spec.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        EnableIPv6: false,
        Internal: false,
        Labels: spec.labels,
        IPAM: { Driver: 'default', Config: spec.subnet ? [{ Subnet: spec.subnet }] : [] },
        Options: {
          'com.docker.network.bridge.name': spec.bridge,
          'com.docker.network.bridge.enable_icc': 'false',
          'com.docker.network.bridge.enable_ip_masquerade': 'true',
        },
      }),
      CALL_TIMEOUT_MS,
      'docker network create',
    );
  } catch (err) {
    // 409: another server sharing this engine created it first; inspect says what it is.
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  }
  const info = await inspectNetwork(docker, spec.name);
  if (!info) throw new Error(`network ${spec.name} vanished right after it was created`);
  return info;
}

export async function removeNetwork(docker: Docker, name: string): Promise<void> {
  try {
    await withTimeout(docker.getNetwork(name).remove(), SLOW_CALL_TIMEOUT_MS, 'docker network rm');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export async function containerAddress(docker: Docker, id: string, network: string): Promise<string | undefined> {
  const info = await withTimeout(docker.getContainer(id).inspect(), CALL_TIMEOUT_MS, 'docker inspect');
  return info.NetworkSettings?.Networks?.[network]?.IPAddress || undefined;
}

export async function networkSubnets(docker: Docker): Promise<string[]> {
  const list = await withTimeout(docker.listNetworks(), CALL_TIMEOUT_MS, 'docker network ls');
  return list.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '')).filter((s) => s && !s.includes(':'));
}

function toNetworkInfo(info: Docker.NetworkInspectInfo): NetworkInfo {
  const ipv4 = (info.IPAM?.Config ?? []).find((c) => c.Subnet && !c.Subnet.includes(':'));
  const options = info.Options ?? {};
  return {
    name: info.Name,
    bridge: options['com.docker.network.bridge.name'],
    subnet: ipv4?.Subnet,
    gateway: ipv4?.Gateway,
    icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
    ipv6: !!info.EnableIPv6,
    internal: !!info.Internal,
    addresses: Object.values(info.Containers ?? {}).map((c) => c.IPv4Address.split('/')[0]).filter(Boolean),
  };
}
