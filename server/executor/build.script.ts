/**
 * The commands a dependency build runs in its builder container (build.runner.ts): write the
 * manifest, install into /out, nothing else. The manifest travels base64 in the environment,
 * never through a shell word; registries become the installers' own settings. An http://
 * index is trusted by name (pip refuses plain HTTP otherwise), as FNBOX_PIP_INDEX_URL asks.
 */
import type { RegistrySettings } from '../config.js';
import type { Runtime } from './executor.types.js';

/** Where each runtime's set lives inside /out, and where function containers see it. */
export const SET_LAYOUT: Record<Runtime, { dir: string; mountAt: string }> = {
  // Node resolves bare specifiers (require and import alike) up the directory tree to /node_modules.
  NODE: { dir: 'node_modules', mountAt: '/node_modules' },
  // Lambda's layer path for Python; on sys.path through PYTHONPATH (dependency.mount.ts).
  PYTHON: { dir: 'python', mountAt: '/opt/python' },
};

export const BUILD_OUT = '/out';
/** Where FNBOX_BUILD_CA_FILE is mounted in the builder. */
export const BUILD_CA_PATH = '/etc/fnbox-build-ca.pem';

export interface BuildScript {
  cmd: string[];
  env: string[];
}

/** Only these names are ever written, so they may appear in the script as they are. */
const MANIFEST_NAMES = new Set(['requirements.txt', 'package.json', 'package-lock.json']);

export function buildScript(runtime: Runtime, files: Record<string, string>, registries: RegistrySettings, caFile?: string): BuildScript {
  // Node adds the bundle to its own roots; pip's option replaces its bundle, so it should be complete.
  const trust = caFile ? [`NODE_EXTRA_CA_CERTS=${caFile}`, `PIP_CERT=${caFile}`, `SSL_CERT_FILE=${caFile}`] : [];
  const env: string[] = [...trust, 'HOME=/tmp', 'PYTHONDONTWRITEBYTECODE=', 'PIP_DISABLE_PIP_VERSION_CHECK=1', 'PIP_NO_INPUT=1', 'NPM_CONFIG_UPDATE_NOTIFIER=false', 'NPM_CONFIG_FUND=false', 'NPM_CONFIG_AUDIT=false'];
  const work = runtime === 'NODE' ? BUILD_OUT : '/tmp/build';
  const lines = ['set -eu', `mkdir -p ${work}`, `cd ${work}`];
  Object.keys(files).forEach((name, i) => {
    if (!MANIFEST_NAMES.has(name)) throw new Error(`not a manifest name: ${name}`);
    env.push(`FNBOX_MANIFEST_${i}=${Buffer.from(files[name]!).toString('base64')}`);
    lines.push(`printf '%s' "$FNBOX_MANIFEST_${i}" | base64 -d > ${name}`);
  });
  if (runtime === 'NODE') {
    if (registries.npmRegistry) env.push(`npm_config_registry=${registries.npmRegistry}`);
    lines.push('echo "npm $(npm --version), node $(node --version)"');
    // Install scripts run here, inside the builder, with its limits; never on the host.
    const flags = '--omit=dev --no-audit --no-fund --foreground-scripts --progress=false';
    const install = files['package-lock.json'] !== undefined ? `npm ci ${flags}` : `npm install ${flags} --no-package-lock`;
    lines.push(`echo '$ ${install}'`, install);
    lines.push(`mkdir -p ${SET_LAYOUT.NODE.dir}`);
  } else {
    const args = ['--no-cache-dir', '--progress-bar', 'off', '--no-build-isolation', '--target', `${BUILD_OUT}/${SET_LAYOUT.PYTHON.dir}`, '-r', 'requirements.txt'];
    if (registries.pipIndexUrl) args.push('--index-url', registries.pipIndexUrl, ...trusted(registries.pipIndexUrl));
    if (registries.pipExtraIndexUrl) args.push('--extra-index-url', registries.pipExtraIndexUrl, ...trusted(registries.pipExtraIndexUrl));
    lines.push('echo "$(python3 -m pip --version)"');
    const install = `python3 -m pip install ${args.map(shellQuote).join(' ')}`;
    lines.push(`echo ${shellQuote(`$ ${install}`)}`, install);
  }
  return { cmd: ['/bin/sh', '-c', lines.join('\n')], env };
}

/** The command that streams the built set out of the container as a tar. */
export function outputCommand(runtime: Runtime): string[] {
  const dir = SET_LAYOUT[runtime].dir;
  return ['/bin/sh', '-c', `mkdir -p ${BUILD_OUT}/${dir} && tar -C ${BUILD_OUT} -cf - ${dir}`];
}

function trusted(url: string): string[] {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' ? ['--trusted-host', parsed.hostname] : [];
  } catch {
    return [];
  }
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
