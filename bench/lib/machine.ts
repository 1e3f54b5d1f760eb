import fs from 'node:fs';
import os from 'node:os';
import type Docker from 'dockerode';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  ramGb: number;
  kernel: string;
  docker: string;
  cgroup: string;
  node: string;
}

export async function machineInfo(docker: Docker): Promise<MachineInfo> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpuModel = m[1]!.trim();
  } catch {
    /* not Linux */
  }
  const version = await docker.version().catch(() => undefined);
  const info = (await docker.info().catch(() => ({}))) as { CgroupVersion?: string; CgroupDriver?: string };
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    docker: version ? `${version.Version} (API ${version.ApiVersion})` : 'unknown',
    cgroup: info.CgroupVersion ? `v${info.CgroupVersion} (${info.CgroupDriver})` : 'unknown',
    node: process.version,
  };
}
