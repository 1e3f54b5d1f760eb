/**
 * The packet-filter rules that keep an egress bridge's containers on the internet and off
 * everything else, as iptables-restore text. Pure: egress.guard.ts installs and verifies them.
 *
 * Forwarded traffic (to other hosts) passes `FNBOX-EG-<bridge>`, jumped from DOCKER-USER, which
 * the engine consults before its own FORWARD rules. Traffic to the host itself, through the
 * bridge's gateway or any other address of the host, never reaches FORWARD: it passes INPUT,
 * where `FNBOX-IN-<bridge>` drops it all, except DNS to a resolver that is the host itself.
 */
import net from 'node:net';

/** Never reachable, not even through FNBOX_EGRESS_ALLOW: link-local (cloud metadata), this network, multicast, reserved. */
export const ALWAYS_BLOCKED = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];
/** Private and shared ranges: blocked unless the operator lists a CIDR in FNBOX_EGRESS_ALLOW. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16'];

export interface EgressRuleInput {
  bridge: string;
  /** Resolvers EGRESS containers may query, on port 53 only. */
  dns: string[];
  /** Operator's CIDRs opened within the private ranges. */
  allow: string[];
  /** Every IPv4 address of the host, all interfaces. */
  hostAddresses: string[];
  /** Every IPv4 subnet of the engine's networks (other containers), the egress one included. */
  engineSubnets: string[];
}

export const chainNames = (bridge: string) => ({ forward: `FNBOX-EG-${bridge}`, input: `FNBOX-IN-${bridge}`, perFunction: `FNBOX-FN-${bridge}` });

/** The jumps into our chains, as `iptables -C/-I/-D` arguments (chain first). */
export function jumpRules(bridge: string): string[][] {
  const chains = chainNames(bridge);
  return [
    ['DOCKER-USER', '-i', bridge, '-j', chains.forward],
    ['INPUT', '-i', bridge, '-j', chains.input],
  ];
}

/** Rules of both chains, in the order `iptables -S <chain>` prints them back. */
export function chainRules(input: EgressRuleInput): { forward: string[]; input: string[] } {
  const chains = chainNames(input.bridge);
  const f = (rule: string) => `-A ${chains.forward} ${rule}`;
  const i = (rule: string) => `-A ${chains.input} ${rule}`;
  const established = '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
  const dns = (add: (r: string) => string, resolvers: string[]) =>
    resolvers.flatMap((ip) => ['udp', 'tcp'].map((proto) => add(`-d ${cidr(ip)} -p ${proto} -m ${proto} --dport 53 -j ACCEPT`)));
  const hostAddresses = new Set(input.hostAddresses);
  const forward = [
    f(established),
    ...dns(f, input.dns),
    // DNS goes to those resolvers only: port 53 anywhere else is dropped, allow-lists or not.
    f('-p udp -m udp --dport 53 -j DROP'),
    f('-p tcp -m tcp --dport 53 -j DROP'),
    // The host, the engine's containers and link-local come before the operator's allow-list:
    // no CIDR in FNBOX_EGRESS_ALLOW can open them.
    ...unique([...input.hostAddresses, ...input.engineSubnets, ...ALWAYS_BLOCKED]).map((c) => f(`-d ${cidr(c)} -j DROP`)),
    // Per-function allow-lists (functionRules) narrow what follows; they can open nothing above.
    f(`-j ${chains.perFunction}`),
    ...unique(input.allow).map((c) => f(`-d ${cidr(c)} -j ACCEPT`)),
    ...PRIVATE_RANGES.map((c) => f(`-d ${c} -j DROP`)),
    f('-j ACCEPT'),
  ];
  const inbound = [
    i(established),
    ...dns(i, input.dns.filter((ip) => hostAddresses.has(ip))),
    i('-j DROP'),
  ];
  return { forward, input: inbound };
}

/** iptables-restore text replacing both chains at once (one transaction: no moment without rules). */
export function restoreText(input: EgressRuleInput): string {
  const chains = chainNames(input.bridge);
  const rules = chainRules(input);
  return ['*filter', `:${chains.forward} - [0:0]`, `:${chains.input} - [0:0]`, ...rules.forward, ...rules.input, 'COMMIT', ''].join('\n');
}

/** Adds (or with `-D`, removes) rules in one transaction; the per-function chain is never flushed. */
export function changeText(rules: string[], action: '-A' | '-D' = '-A'): string {
  return ['*filter', ...rules.map((r) => r.replace(/^-A /, `${action} `)), 'COMMIT', ''].join('\n');
}

/**
 * One container's allow-list, in the per-function chain: its listed destinations return to the
 * main chain (which still applies the private-range drops), anything else from it is dropped.
 */
export function functionRules(bridge: string, address: string, allow: EgressTarget[]): string[] {
  const chain = chainNames(bridge).perFunction;
  const source = `-s ${cidr(address)}`;
  const returns = allow.flatMap((t) =>
    t.port === undefined
      ? [`-A ${chain} ${source} -d ${t.cidr} -j RETURN`]
      : ['tcp', 'udp'].map((p) => `-A ${chain} ${source} -d ${t.cidr} -p ${p} -m ${p} --dport ${t.port} -j RETURN`),
  );
  return [...returns, `-A ${chain} ${source} -j DROP`];
}

export interface EgressTarget {
  cidr: string;
  port?: number;
}

/** "198.51.100.0/24", "198.51.100.7" or either with ":443"; undefined when malformed. */
export function parseEgressTarget(value: string): EgressTarget | undefined {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;
  const parsed = parseIpv4Cidr(match[1]);
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (!parsed || (port !== undefined && (port < 1 || port > 65535))) return undefined;
  return { cidr: parsed, port };
}

/** "10.1.2.3" -> "10.1.2.3/32", as iptables prints a host address back. */
export function cidr(value: string): string {
  return value.includes('/') ? value : `${value}/32`;
}

/** A valid IPv4 CIDR or address, or undefined. Prefix bits beyond the mask are refused (iptables would silently clear them). */
export function parseIpv4Cidr(value: string): string | undefined {
  const [ip, bitsText, extra] = value.trim().split('/');
  if (extra !== undefined || !net.isIPv4(ip)) return undefined;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32 || (bitsText !== undefined && !/^\d+$/.test(bitsText))) return undefined;
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const hostBits = 2 ** (32 - bits);
  if (n % hostBits !== 0) return undefined;
  return bits === 32 ? `${ip}/32` : `${ip}/${bits}`;
}

const unique = (values: string[]) => [...new Set(values.map(cidr))];
