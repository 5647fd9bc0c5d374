import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/bundle-server';

const run = promisify(execFile);
const cli = join(PROJECT_ROOT, 'dist', 'cli', 'gatekeeper.js');

// The yardstick: 24 simulated hours of the pacing pumper in under 60 s. The assertion
// leaves a wide margin (shared 2-core machines run slower); `time` the command for the figure.
const MAX_WALL_MS = 120_000;

describe('gatekeeper simulate (built CLI)', () => {
  it(
    'runs 24 simulated hours of the pacing pumper and ends with the JSON line of its groups',
    async () => {
      const started = performance.now();
      const { stdout } = await run(process.execPath, [cli, 'simulate', 'bench/scenarios/pacing-pumper.json', '--json'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
      expect(performance.now() - started).toBeLessThan(MAX_WALL_MS);
      const lines = stdout.trim().split('\n');
      const result = JSON.parse(lines[lines.length - 1]) as { durationHours: number; sendsToAttackerPerDay: number; groups: Array<Record<string, unknown>> };
      expect(result.durationHours).toBe(24);
      expect(result.sendsToAttackerPerDay).toBeGreaterThan(0);
      const [users, pumper] = result.groups;
      expect(users).toMatchObject({ kind: 'legit', attempts: expect.any(Number), sends: expect.any(Number), refusedBy: expect.any(Object), successRate: expect.any(Number) });
      expect(pumper).toMatchObject({ kind: 'attacker', attempts: expect.any(Number), sends: expect.any(Number), refusedBy: expect.any(Object) });
    },
    MAX_WALL_MS + 30_000,
  );
});
