/** The rule set itself: what comes before what, and what no setting can open. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { hostResolvers } from '../../server/network/egress.guard.js';
import { chainRules, functionRules, parseEgressTarget, parseIpv4Cidr, restoreText } from '../../server/network/egress.rules.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const input = {
  bridge: 'fnbx-egress0',
  dns: ['10.0.0.53', '192.0.2.2'],
  allow: ['10.20.0.0/16', '169.254.0.0/16', '192.0.2.2/32'],
  hostAddresses: ['127.0.0.1', '192.0.2.2', '172.17.0.1'],
  engineSubnets: ['172.17.0.0/16', '172.18.0.0/16'],
};

describe('egress rules', () => {
  const { forward, input: inbound } = chainRules(input);
  const at = (rule: string) => forward.indexOf(`-A FNBOX-EG-fnbx-egress0 ${rule}`);

  it('accept replies and DNS to the resolvers first, then drop the host, containers and link-local before any allow', () => {
    expect(at('-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT')).toBe(0);
    expect(at('-d 10.0.0.53/32 -p udp -m udp --dport 53 -j ACCEPT')).toBeGreaterThan(0);
    expect(at('-d 10.0.0.53/32 -p tcp -m tcp --dport 53 -j ACCEPT')).toBeGreaterThan(0);
    const firstAllow = at('-d 10.20.0.0/16 -j ACCEPT');
    // DNS to any other server is dropped right after the resolvers' accepts.
    expect(at('-p udp -m udp --dport 53 -j DROP')).toBeGreaterThan(at('-d 10.0.0.53/32 -p udp -m udp --dport 53 -j ACCEPT'));
    expect(at('-p tcp -m tcp --dport 53 -j DROP')).toBeLessThan(at('-d 192.0.2.2/32 -j DROP'));
    for (const blocked of ['192.0.2.2/32', '172.17.0.0/16', '172.18.0.0/16', '169.254.0.0/16', '127.0.0.0/8']) {
      expect(at(`-d ${blocked} -j DROP`), blocked).toBeGreaterThan(0);
      expect(at(`-d ${blocked} -j DROP`), blocked).toBeLessThan(firstAllow);
    }
    // Per-function lists narrow after the hard drops (they cannot open them) and before the operator's allow-list.
    expect(at('-j FNBOX-FN-fnbx-egress0')).toBeGreaterThan(at('-d 240.0.0.0/4 -j DROP'));
    expect(at('-j FNBOX-FN-fnbx-egress0')).toBeLessThan(firstAllow);
    // Private ranges come after the operator's allow-list, then everything else is the internet.
    expect(at('-d 10.0.0.0/8 -j DROP')).toBeGreaterThan(firstAllow);
    expect(forward.at(-1)).toBe('-A FNBOX-EG-fnbx-egress0 -j ACCEPT');
  });

  it('drop everything addressed to the host itself except DNS to a resolver that is the host', () => {
    expect(inbound).toEqual([
      '-A FNBOX-IN-fnbx-egress0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A FNBOX-IN-fnbx-egress0 -d 192.0.2.2/32 -p udp -m udp --dport 53 -j ACCEPT',
      '-A FNBOX-IN-fnbx-egress0 -d 192.0.2.2/32 -p tcp -m tcp --dport 53 -j ACCEPT',
      '-A FNBOX-IN-fnbx-egress0 -j DROP',
    ]);
  });

  it('replace both chains in one iptables-restore transaction', () => {
    const text = restoreText(input);
    expect(text.startsWith('*filter\n:FNBOX-EG-fnbx-egress0 - [0:0]\n:FNBOX-IN-fnbx-egress0 - [0:0]\n')).toBe(true);
    expect(text.trimEnd().endsWith('COMMIT')).toBe(true);
  });

  it("narrow one container to its function's destinations, returning them to the main chain", () => {
    const targets = ['198.51.100.0/24', '203.0.113.7:443'].map((t) => parseEgressTarget(t)!);
    expect(functionRules('fnbx-egress0', '172.18.0.5', targets)).toEqual([
      '-A FNBOX-FN-fnbx-egress0 -s 172.18.0.5/32 -d 198.51.100.0/24 -j RETURN',
      '-A FNBOX-FN-fnbx-egress0 -s 172.18.0.5/32 -d 203.0.113.7/32 -p tcp -m tcp --dport 443 -j RETURN',
      '-A FNBOX-FN-fnbx-egress0 -s 172.18.0.5/32 -d 203.0.113.7/32 -p udp -m udp --dport 443 -j RETURN',
      '-A FNBOX-FN-fnbx-egress0 -s 172.18.0.5/32 -j DROP',
    ]);
    for (const bad of ['example.com:443', '203.0.113.7:0', '203.0.113.7:65536', '203.0.113.7:', ':443']) expect(parseEgressTarget(bad), bad).toBeUndefined();
  });

  it('accept only exact IPv4 CIDRs', () => {
    expect(parseIpv4Cidr('10.1.0.0/16')).toBe('10.1.0.0/16');
    expect(parseIpv4Cidr('10.1.2.3')).toBe('10.1.2.3/32');
    for (const bad of ['10.1.2.3/16', '10.1.0.0/33', '10.1.0.0/', '::1', 'example.com', '10.1.0.0/16/1', '10.1.0.0/ 8']) expect(parseIpv4Cidr(bad), bad).toBeUndefined();
  });
});

describe('egress settings', () => {
  it('default to the guard, NONE elsewhere; an unknown guard value turns EGRESS off rather than open it', () => {
    const config = loadConfig({ FNBOX_EGRESS_DNS: '10.0.0.53, 10.0.0.54', FNBOX_EGRESS_ALLOW: '10.20.0.0/16' }).executor.egress;
    expect(config).toMatchObject({ guard: 'iptables', network: 'fnbox-egress', bridge: 'fnbx-egress0', dns: ['10.0.0.53', '10.0.0.54'], allow: ['10.20.0.0/16'] });
    expect(loadConfig({ FNBOX_EGRESS_GUARD: 'disabled' }).executor.egress.guard).toBe('off');
    expect(loadConfig({ FNBOX_EGRESS_GUARD: 'External' }).executor.egress.guard).toBe('external');
  });

  it("take the host's resolvers, leaving out loopback ones a container cannot reach", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-resolv-')), 'resolv.conf');
    fs.writeFileSync(file, 'nameserver 127.0.0.53\nnameserver 10.0.0.53\n# nameserver 10.9.9.9\nnameserver fd00::53\nsearch example\n');
    expect(hostResolvers(file)).toEqual(['10.0.0.53']);
  });
});
