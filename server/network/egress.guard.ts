/**
 * Installs the egress rules (egress.rules.ts) with iptables and verifies they are in place.
 * Fails closed: any reason the rules cannot be trusted (not root, no iptables, a remote
 * engine, an engine without its DOCKER-USER chain, rules changed behind our back) becomes
 * `reason`, and callers refuse EGRESS until a later verify succeeds. Reused by anything else
 * that needs "internet but never the host" (dependency builds).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { changeText, chainNames, chainRules, functionRules, jumpRules, restoreText, type EgressRuleInput, type EgressTarget } from './egress.rules.js';

const run = promisify(execFile);
const IPTABLES_TIMEOUT_MS = 10_000;

export interface GuardState {
  ready: boolean;
  /** Why EGRESS is refused, for messages and /healthz. */
  reason?: string;
}

export class EgressGuardError extends Error {}

export class EgressGuard {
  private input?: EgressRuleInput;

  constructor(private readonly bridge: string) {}

  /** Refuses the conditions under which rules on this host could not protect the containers. */
  static preconditions(engineEndpoint: string): string | undefined {
    if (process.platform !== 'linux') return `packet-filter rules need Linux (this is ${process.platform})`;
    if (process.getuid?.() !== 0) return 'installing packet-filter rules needs root';
    if (!(engineEndpoint.startsWith('/') || engineEndpoint.startsWith('unix://'))) {
      return `the engine at ${engineEndpoint} is remote: rules on this host would not see its containers (set FNBOX_EGRESS_GUARD=external if it is guarded there)`;
    }
    return undefined;
  }

  /** Replaces both chains in one transaction and makes sure the jumps into them exist. */
  async install(input: EgressRuleInput): Promise<void> {
    this.input = input;
    await iptables(['-S', 'DOCKER-USER']).catch((err: Error) => {
      throw new EgressGuardError(`the engine's DOCKER-USER chain is missing (is dockerd running with iptables enabled?): ${err.message}`);
    });
    // The per-function chain holds live containers' allow-lists: created once, never flushed here.
    await iptables(['-N', chainNames(this.bridge).perFunction]).catch(() => undefined);
    await iptablesRestore(restoreText(input));
    for (const [chain, ...rule] of jumpRules(this.bridge)) {
      const line = `-A ${chain} ${rule.join(' ')}`;
      if (jumpComesFirst(await listChain(chain), line, this.bridge)) continue;
      // Insert first, then drop older copies further down: never a moment without the jump.
      await iptables(['-I', chain, '1', ...rule]);
      const rules = await listChain(chain);
      for (let i = rules.length - 1; i > 0; i--) if (rules[i] === line) await iptables(['-D', chain, String(i + 1)]);
    }
    await this.verify();
  }

  /** Throws unless the chains hold exactly the installed rules and both jumps are in place. */
  async verify(): Promise<void> {
    if (!this.input) throw new EgressGuardError('rules not installed');
    const chains = chainNames(this.bridge);
    const expected = chainRules(this.input);
    const [forward, input] = await Promise.all([listChain(chains.forward), listChain(chains.input)]);
    if (!sameRules(forward, expected.forward) || !sameRules(input, expected.input)) {
      throw new EgressGuardError(`the rules in ${chains.forward}/${chains.input} differ from the ones installed`);
    }
    for (const [chain, ...rule] of jumpRules(this.bridge)) {
      if (!jumpComesFirst(await listChain(chain), `-A ${chain} ${rule.join(' ')}`, this.bridge)) {
        throw new EgressGuardError(`${chain} does not start with the jump to ${rule.at(-1)}`);
      }
    }
  }

  /** Narrows one container to its function's allow-list; undo with `unrestrict` once it is gone. */
  async restrict(address: string, allow: EgressTarget[]): Promise<void> {
    await iptablesRestore(changeText(functionRules(this.bridge, address, allow)));
  }

  async unrestrict(address: string, allow: EgressTarget[]): Promise<void> {
    await iptablesRestore(changeText(functionRules(this.bridge, address, allow), '-D'));
  }

  /**
   * Removes allow-lists whose container is gone without its undo having run (a crashed server,
   * an engine that was away): left behind, they would narrow whichever container gets the
   * address next to another function's list. Rules are listed before `liveAddresses` is read,
   * so a container restricted meanwhile is live in it and keeps its rules.
   */
  async sweep(liveAddresses: () => Promise<string[]>): Promise<number> {
    const rules = await listChain(chainNames(this.bridge).perFunction);
    const live = new Set(await liveAddresses());
    const stale = rules.filter((r) => {
      const source = / -s (\d+\.\d+\.\d+\.\d+)\/32 /.exec(r)?.[1];
      return source !== undefined && !live.has(source);
    });
    if (stale.length) await iptablesRestore(changeText(stale, '-D'));
    return stale.length;
  }

  /** Removes the jumps and the chains (operators uninstalling, tests cleaning up). */
  async uninstall(): Promise<void> {
    for (const [chain, ...rule] of jumpRules(this.bridge)) {
      while (await iptables(['-D', chain, ...rule]).then(() => true, () => false));
    }
    for (const chain of Object.values(chainNames(this.bridge))) {
      await iptables(['-F', chain]).catch(() => undefined);
      await iptables(['-X', chain]).catch(() => undefined);
    }
  }
}

/** Every IPv4 address of this host, re-read on each install (interfaces come and go). */
export function hostIpv4Addresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4')
    .map((a) => a!.address);
}

/** The host's resolvers (FNBOX_EGRESS_DNS default). Loopback ones (127.0.0.53) cannot serve a container. */
export function hostResolvers(file = '/etc/resolv.conf'): string[] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/gm)].map((m) => m[1]).filter((ip) => !ip.startsWith('127.'));
}

async function iptables(args: string[]): Promise<string> {
  const { stdout } = await run('iptables', ['-w', '5', ...args], { timeout: IPTABLES_TIMEOUT_MS });
  return stdout;
}

async function iptablesRestore(text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = execFile('iptables-restore', ['-w', '5', '--noflush'], { timeout: IPTABLES_TIMEOUT_MS }, (err, _stdout, stderr) =>
      err ? reject(new EgressGuardError(`iptables-restore failed: ${stderr.trim() || err.message}`)) : resolve(),
    );
    child.stdin?.end(text);
  });
}

async function listChain(chain: string): Promise<string[]> {
  const out = await iptables(['-S', chain]).catch((err: Error) => {
    throw new EgressGuardError(`cannot list ${chain}: ${err.message.split('\n')[0]}`);
  });
  return out.split('\n').filter((line) => line.startsWith('-A '));
}

/**
 * Only rules for other interfaces may precede our jump (another guard's, another tenant's): any
 * rule that can match our bridge's packets, such as an ACCEPT, would bypass us.
 */
function jumpComesFirst(rules: string[], jump: string, bridge: string): boolean {
  const at = rules.indexOf(jump);
  return at >= 0 && rules.slice(0, at).every((r) => matchesOtherInterfaceOnly(r, bridge));
}

function matchesOtherInterfaceOnly(rule: string, bridge: string): boolean {
  const name = /^-A \S+ -i (\S+) /.exec(rule)?.[1];
  if (!name) return false; // no "-i", or "! -i": it can match ours
  return name.endsWith('+') ? !bridge.startsWith(name.slice(0, -1)) : name !== bridge;
}

const normalise = (rule: string) => rule.replace(/\s+/g, ' ').trim();
const sameRules = (actual: string[], expected: string[]) =>
  actual.length === expected.length && actual.every((rule, i) => normalise(rule) === normalise(expected[i]));
