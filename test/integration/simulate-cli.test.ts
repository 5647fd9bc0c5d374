import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/bundle-server';

const run = promisify(execFile);
const cli = join(PROJECT_ROOT, 'dist', 'cli', 'gatekeeper.js');

// The yardstick is 24 simulated hours of the pacing pumper in under 60 s (about 12 s on
// an idle 2-core machine; `time` the command for the figure). No wall-clock assertion here: on a
// shared, loaded machine the same run has taken 115 s, and a test must not fail on load alone.
const TIMEOUT_MS = 300_000;

describe('gatekeeper simulate (built CLI)', () => {
  it(
    'runs 24 simulated hours of the pacing pumper and ends with the JSON line of its groups',
    async () => {
      const { stdout } = await run(process.execPath, [cli, 'simulate', 'bench/scenarios/pacing-pumper.json', '--json'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
      const lines = stdout.trim().split('\n');
      const result = JSON.parse(lines[lines.length - 1]) as { durationHours: number; sendsToAttackerPerDay: number; groups: Array<Record<string, unknown>> };
      expect(result.durationHours).toBe(24);
      expect(result.sendsToAttackerPerDay).toBeGreaterThan(0);
      const [users, pumper] = result.groups;
      expect(users).toMatchObject({ kind: 'legit', attempts: expect.any(Number), sends: expect.any(Number), refusedBy: expect.any(Object), successRate: expect.any(Number) });
      expect(pumper).toMatchObject({ kind: 'attacker', attempts: expect.any(Number), sends: expect.any(Number), refusedBy: expect.any(Object) });
    },
    TIMEOUT_MS,
  );
});
