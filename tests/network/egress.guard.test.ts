/**
 * The guard against someone changing its rules, and the conditions it refuses to work under.
 * Uses a network, bridge and chains of its own (no container joins them) and removes them.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import Docker from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgressConfig } from '../../server/config.js';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import { EgressAccess } from '../../server/network/egress.access.js';
import { EgressGuard } from '../../server/network/egress.guard.js';

const canRun = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
  try {
    execFileSync('iptables', ['-S', 'DOCKER-USER'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const iptables = (...args: string[]) => execFileSync('iptables', ['-w', '5', ...args]).toString();

describe('guard preconditions', () => {
  it('refuses a remote engine: rules on this host would not see its containers', () => {
    expect(EgressGuard.preconditions('tcp://10.9.8.7:2376')).toMatch(/remote.*FNBOX_EGRESS_GUARD=external/);
    expect(EgressGuard.preconditions('ssh://builder@10.9.8.7')).toMatch(/remote/);
  });
});

describe.skipIf(!canRun)('a guard whose rules are changed behind its back', () => {
  const id = crypto.randomBytes(3).toString('hex');
  const config: EgressConfig = { guard: 'iptables', network: `fnbxt-guard-${id}`, bridge: `fnbxtgd${id}`, subnet: '', dns: ['198.51.100.53'], allow: [] };
  const engine = new DockerodeEngine(new Docker());
  const chain = `FNBOX-EG-${config.bridge}`;
  let lost = 0;
  let access: EgressAccess;

  beforeAll(async () => {
    access = new EgressAccess(engine, config, pino({ level: 'silent' }), () => lost++);
    await access.start();
  }, 60_000);
  afterAll(async () => {
    access?.stop();
    await new EgressGuard(config.bridge).uninstall();
    await engine.removeNetwork(config.network);
  }, 60_000);

  it('comes up with its network and rules', async () => {
    expect(access.problem).toBeUndefined();
    expect(await access.verify()).toBe(true);
    expect(iptables('-S', chain)).toContain(`-A ${chain} -d 10.0.0.0/8 -j DROP`);
  });

  it('notices a deleted drop rule, reports the loss (the executor removes its EGRESS containers) and restores the rules', async () => {
    iptables('-D', chain, '-d', '169.254.0.0/16', '-j', 'DROP');
    expect(await access.verify()).toBe(true);
    expect(lost).toBe(1);
    expect(iptables('-S', chain)).toContain(`-A ${chain} -d 169.254.0.0/16 -j DROP`);
  });

  it('notices an ACCEPT slipped in ahead of its jump, and puts its jump back first', async () => {
    iptables('-I', 'DOCKER-USER', '1', '-i', config.bridge, '-j', 'ACCEPT');
    try {
      expect(await access.verify()).toBe(true);
      expect(lost).toBe(2);
      const rules = iptables('-S', 'DOCKER-USER').split('\n').filter((r) => r.includes(config.bridge));
      expect(rules[0]).toBe(`-A DOCKER-USER -i ${config.bridge} -j ${chain}`);
    } finally {
      iptables('-D', 'DOCKER-USER', '-i', config.bridge, '-j', 'ACCEPT');
    }
  });

  it("tolerates rules ahead of its jump that only match other interfaces (another server's guard)", async () => {
    const other = `fnbxtzz${id}`;
    iptables('-I', 'DOCKER-USER', '1', '-i', other, '-j', 'ACCEPT');
    try {
      expect(await access.verify()).toBe(true);
      expect(lost).toBe(2);
    } finally {
      iptables('-D', 'DOCKER-USER', '-i', other, '-j', 'ACCEPT');
    }
  });

  it("sweeps allow-lists whose container is gone (a crashed server's), keeping live ones", async () => {
    const guard = new EgressGuard(config.bridge);
    await guard.restrict('192.0.2.250', [{ cidr: '198.51.100.0/24' }]);
    await guard.restrict('192.0.2.251', [{ cidr: '198.51.100.0/24', port: 443 }]);
    expect(await guard.sweep(async () => ['192.0.2.251'])).toBe(2);
    const left = iptables('-S', `FNBOX-FN-${config.bridge}`).split('\n').filter((r) => r.startsWith('-A'));
    expect(left.length).toBe(3);
    expect(left.every((r) => r.includes('-s 192.0.2.251/32'))).toBe(true);
    expect(await guard.sweep(async () => [])).toBe(3);
  });

  it('refuses EGRESS while it cannot restore them', async () => {
    const broken = new EgressAccess(engine, { ...config, dns: ['not-an-address'] }, pino({ level: 'silent' }), () => undefined);
    await broken.start();
    expect(broken.ready).toBe(false);
    expect(() => broken.assertReady()).toThrow(/EGRESS functions cannot run: not an IPv4 address .*not-an-address/);
    broken.stop();
  });
});
