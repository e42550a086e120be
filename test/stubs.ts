import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder of stand-in programs to put first on PATH. Each records `<program> <argv>` in a shared log, or
 * `<program>@<working directory's name> <argv>` for those listed in `withCwd`, then runs its bash body, which answers
 * like the real tool. `$STUB` is the folder, for state files.
 */
export class StubBin {
  readonly dir = mkdtempSync(join(tmpdir(), 'amc-stubs-'));

  constructor(programs: Record<string, string>, withCwd: readonly string[] = []) {
    for (const [name, body] of Object.entries(programs)) {
      const file = join(this.dir, name);
      const who = withCwd.includes(name) ? `${name}@\${PWD##*/}` : name;
      writeFileSync(file, `#!/usr/bin/env bash\nSTUB='${this.dir}'\necho "${who} $*" >> "$STUB/calls"\n${body}\n`);
      chmodSync(file, 0o755);
    }
  }

  /** Every call so far, in order, as `<program> <args>`. */
  calls(): string[] {
    const log = join(this.dir, 'calls');
    return existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : [];
  }

  reset(): void {
    rmSync(join(this.dir, 'calls'), { force: true });
  }

  /** Runs a command with these stubs first on PATH. */
  run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
    return spawnSync(command, args, {
      cwd: options.cwd,
      encoding: 'utf8',
      // A script that waits forever on a stub's answer fails the test instead of hanging it.
      timeout: 20_000,
      env: { ...process.env, ...options.env, PATH: `${this.dir}:${process.env.PATH}` },
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const KS = 'kustomizations.kustomize.toolkit.fluxcd.io';
export const HR = 'helmreleases.helm.toolkit.fluxcd.io';

/**
 * kubectl and aws answering like the dev cluster with Flux, podinfo behind an ALB, and ExternalDNS records in the zone
 * for the first $DIRTY listings. $KUBE_CONTEXT, $NO_FLUX, $ZONE and $LOG_GROUP_BACK change the answers.
 */
export const CLUSTER: Record<string, string> = {
  kubectl: `case "$*" in
  "config current-context") echo "\${KUBE_CONTEXT:-arn:aws:eks:eu-west-1:111111111111:cluster/amc-dev-eks}" ;;
  "get crd "*) if [ -n "\${NO_FLUX:-}" ]; then echo "Error from server (NotFound)" >&2; exit 1; fi; echo "customresourcedefinition.apiextensions.k8s.io/$3" ;;
  "get ${KS} --all-namespaces"*) printf 'flux-system apps\\nflux-system flux-system\\nflux-system infra-configs\\nflux-system infra-controllers\\n' ;;
  "get ${HR} --all-namespaces"*) printf 'external-dns external-dns\\npodinfo podinfo\\n' ;;
  "get services --all-namespaces"*) printf 'podinfo web\\n' ;;
esac`,
  aws: `case "$1 $2" in
  "route53 list-hosted-zones-by-name") echo "/hostedzone/Z0123EXAMPLE" ;;
  "route53 list-resource-record-sets")
    n=$(cat "$STUB/dns" 2>/dev/null || echo 0); echo $((n + 1)) > "$STUB/dns"
    zone=\${ZONE:-dev.example.com}
    printf '%s.\\t%s\\n' "$zone" NS "$zone" SOA "_0a1b2c3d.$zone" CNAME
    if [ "$n" -lt "\${DIRTY:-0}" ]; then printf '%s.\\t%s\\n' "podinfo.$zone" A "a-podinfo.$zone" TXT; fi ;;
  "eks describe-cluster") if [ -n "\${NO_CLUSTER:-}" ]; then echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: x." >&2; exit 254; fi; echo ACTIVE ;;
  "logs describe-log-groups") if [ -n "\${LOG_GROUP_BACK:-}" ]; then echo "/aws/eks/\${CLUSTER:-amc-dev-eks}/cluster"; fi ;;
esac`,
};

/** CRC-32 (ISO-HDLC), as ZIP stores it: zlib.crc32 needs Node 20.15. */
function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/**
 * A ZIP archive of `files` (path inside the archive → content and Unix mode), stored uncompressed, with the modes that
 * unzip restores: a made-up release for scripts/ci-tools.sh, without python3 or zip on the machine (PKWARE APPNOTE 6.3,
 * sections 4.3.7, 4.3.12 and 4.3.16; external attributes hold the mode when "version made by" says Unix).
 */
export function zipArchive(files: Record<string, { data: string; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, { data, mode }] of Object.entries(files)) {
    const name = Buffer.from(path, 'utf8');
    const body = Buffer.from(data, 'utf8');
    const crc = crc32(body);
    // Version needed 1.0, no flags, stored, 1980-01-01 00:00, CRC, sizes, name length, no extra field.
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(10, at);
      header.writeUInt16LE(0, at + 2);
      header.writeUInt16LE(0, at + 4);
      header.writeUInt16LE(0, at + 6);
      header.writeUInt16LE(0x21, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(body.length, at + 14);
      header.writeUInt32LE(body.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    common(central, 6);
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
