import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder of stand-in programs to put first on PATH. Each records `<program> <argv>` (and, when asked, `@<cwd>`)
 * in a shared log, then runs its bash body, which answers like the real tool. `$STUB` is the folder, for state files.
 */
export class StubBin {
  readonly dir = mkdtempSync(join(tmpdir(), 'amc-stubs-'));

  constructor(programs: Record<string, string>) {
    for (const [name, body] of Object.entries(programs)) {
      const file = join(this.dir, name);
      writeFileSync(file, `#!/usr/bin/env bash\nSTUB='${this.dir}'\necho "${name} $*" >> "$STUB/calls"\n${body}\n`);
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
