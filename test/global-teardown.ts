import { rmSync } from 'node:fs';
import { run } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const { synth } = run;
  clearTimeout(run.watchdog);
  if (synth && synth.exitCode === null && synth.signalCode === null) {
    const closed = new Promise((resolve) => synth.once('close', resolve));
    synth.kill();
    await closed;
  }
  if (process.env.AMC_TEST_SHARED) rmSync(process.env.AMC_TEST_SHARED, { recursive: true, force: true });
}
