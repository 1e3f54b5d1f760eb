/**
 * Whether EGRESS containers may run, and how they are wired: the Docker network, the resolvers
 * and the guard, brought up at start and re-verified before each EGRESS container starts and
 * every 30 s. Never throws from start: a reason to refuse is kept, reported by /healthz and
 * given to every EGRESS call (UNAVAILABLE), while NONE functions carry on.
 */
import type { Logger } from 'pino';
import type { EgressConfig } from '../config.js';
import { unavailable } from '../errors.js';
import type { ContainerEngine } from '../executor/container.engine.js';
import { EgressGuard, hostIpv4Addresses, hostResolvers } from './egress.guard.js';
import { ensureEgressNetwork } from './egress.network.js';
import { parseEgressTarget, parseIpv4Cidr, type EgressTarget } from './egress.rules.js';

const VERIFY_INTERVAL_MS = 30_000;

export class EgressAccess {
  private reason?: string = 'not started';
  private guard?: EgressGuard;
  private timer?: NodeJS.Timeout;
  private verifying?: Promise<boolean>;
  /** Resolvers handed to EGRESS containers (the engine's embedded DNS forwards to them). */
  dns: string[] = [];

  constructor(
    private readonly engine: ContainerEngine,
    private readonly config: EgressConfig,
    private readonly logger: Logger,
    /** The guard was found broken: EGRESS containers must go. */
    private readonly onLost: () => void,
  ) {}

  get ready(): boolean {
    return this.reason === undefined;
  }

  /** Why EGRESS functions cannot run now, or undefined. */
  get problem(): string | undefined {
    return this.reason;
  }

  /** Sync and cheap: on the invocation path of EGRESS functions. */
  assertReady(): void {
    if (this.reason !== undefined) throw unavailable(`EGRESS functions cannot run: ${this.reason}`);
  }

  async start(): Promise<void> {
    this.reason = await this.bringUp().then(
      () => undefined,
      (err: Error) => err.message,
    );
    if (this.reason) this.logger.warn({ reason: this.reason }, 'egress unavailable: EGRESS functions will be refused');
    else this.logger.info({ network: this.config.network, guard: this.config.guard, dns: this.dns }, 'egress ready');
    if (this.config.guard === 'iptables') {
      // The sweep runs here, not before each launch: it costs an engine call the cold path need not pay.
      const periodic = async () => {
        if (await this.verify()) await this.sweepStale().catch((err: Error) => this.logger.warn({ err: err.message }, 'allow-list sweep failed'));
      };
      this.timer = setInterval(() => void periodic(), VERIFY_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /**
   * Re-checks the rules (two `iptables -S`), reinstalling them once if they changed; before an
   * EGRESS container starts and periodically. Concurrent callers share one check.
   */
  verify(): Promise<boolean> {
    if (this.config.guard !== 'iptables') return Promise.resolve(this.ready);
    this.verifying ??= this.reverify().finally(() => (this.verifying = undefined));
    return this.verifying;
  }

  /**
   * Narrows a container to a function's allow-list before its code loads; resolves to the undo,
   * which the caller runs only once the container is gone (so it is never briefly unrestricted).
   */
  async restrict(containerId: string, allow: string[]): Promise<() => Promise<void>> {
    if (this.config.guard !== 'iptables' || !this.guard) {
      throw unavailable('EGRESS functions with an egressAllow list need the built-in guard (FNBOX_EGRESS_GUARD=iptables)');
    }
    const targets = allow.map((t) => parseEgressTarget(t)).filter((t): t is EgressTarget => !!t);
    const address = await this.engine.containerAddress(containerId, this.config.network);
    if (!address) throw unavailable('EGRESS container has no address on the egress network');
    await this.guard.restrict(address, targets);
    return () => this.guard!.unrestrict(address, targets).catch((err: Error) => this.logger.warn({ err: err.message, address }, 'could not remove an allow-list'));
  }

  /** HostConfig fields of an EGRESS container. */
  hostConfig(): Record<string, unknown> {
    return {
      NetworkMode: this.config.network,
      ...(this.dns.length ? { Dns: this.dns } : {}),
      // The network is IPv4 only and the rules are IPv4 only: no IPv6, not even link-local.
      Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async bringUp(): Promise<void> {
    if (this.config.guard === 'off') throw new Error('turned off (FNBOX_EGRESS_GUARD=off)');
    const dns = this.config.dns.length ? this.config.dns : hostResolvers();
    const bad = [...dns.filter((ip) => parseIpv4Cidr(ip) !== `${ip}/32`), ...this.config.allow.filter((c) => !parseIpv4Cidr(c))];
    if (bad.length) throw new Error(`not an IPv4 address or CIDR in FNBOX_EGRESS_DNS/FNBOX_EGRESS_ALLOW: ${bad.join(', ')}`);
    this.dns = dns;
    if (this.config.guard === 'iptables') {
      const precondition = EgressGuard.preconditions(this.engine.endpoint);
      if (precondition) throw new Error(precondition);
    }
    const network = await ensureEgressNetwork(this.engine, this.config);
    if (this.config.guard !== 'iptables') return; // external: the operator's guard, not ours
    this.guard ??= new EgressGuard(this.config.bridge);
    await this.install(network.subnet);
    await this.sweepStale();
  }

  private async install(subnet: string): Promise<void> {
    const engineSubnets = await this.engine.networkSubnets();
    await this.guard!.install({
      bridge: this.config.bridge,
      dns: this.dns,
      allow: this.config.allow.map((c) => parseIpv4Cidr(c)!),
      hostAddresses: hostIpv4Addresses(),
      engineSubnets: [...new Set([subnet, ...engineSubnets])],
    });
  }

  /** Drops allow-lists of containers that no longer exist (after a crash or an engine outage). */
  private async sweepStale(): Promise<void> {
    const removed = await this.guard!.sweep(async () => (await this.engine.inspectNetwork(this.config.network))?.addresses ?? []);
    if (removed) this.logger.info({ removed }, 'removed allow-list rules of containers that are gone');
  }

  private async reverify(): Promise<boolean> {
    if (!this.guard) return this.ready; // never came up: start's reason stands
    try {
      await this.guard.verify();
      this.recover();
      return true;
    } catch (err) {
      this.logger.error({ reason: (err as Error).message }, 'egress rules changed: reinstalling');
    }
    this.fail('the packet-filter rules were changed and are being restored');
    try {
      const network = await ensureEgressNetwork(this.engine, this.config);
      await this.install(network.subnet);
      this.recover();
      return true;
    } catch (err) {
      this.fail((err as Error).message);
      return false;
    }
  }

  private fail(reason: string) {
    const wasReady = this.ready;
    this.reason = reason;
    if (wasReady) this.onLost();
  }

  private recover() {
    if (this.ready) return;
    this.reason = undefined;
    this.logger.info('egress rules restored');
  }
}
