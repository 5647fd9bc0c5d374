import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, startBundle, type RunningBundle } from '../../helpers/bundle-server';
import { createVerifyService, localEnv } from '../../helpers/local-stack';
import { startEmulator, type RunningEmulator } from '../../../emulator';
import { EmulatorControl } from '../../../emulator/control/control-client';

// A sharded global rule set through the built bundle, over real HTTP, against the emulator with
// Sync's rate limits on: verify/start's overall limit of 12 a day spread over 12 shards (one per
// Map), hit by concurrent starts to distinct numbers. Never more than 12 codes are sent; early
// refusals (both shards a request tried already full) are allowed, and starts that keep coming
// reach the whole limit, exactly.
const LIMIT = 12;
const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';

let emulator: RunningEmulator;
let control: EmulatorControl;
let bundle: RunningBundle;
let assets: string;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  control = new EmulatorControl(emulator.url);
  assets = await mkdtemp(join(tmpdir(), 'gate-sharded-'));
  const policy = JSON.parse(await readFile(join(PROJECT_ROOT, 'dist', 'assets', 'policy.private.json'), 'utf8')) as Record<string, unknown>;
  policy.throttles = { 'verify-start-global': { windows: [{ limit: LIMIT, per: '1d' }], shards: 'all' } };
  await writeFile(join(assets, 'policy.private.json'), JSON.stringify(policy));
  const serviceSid = await createVerifyService(emulator.url);
  bundle = await startBundle(localEnv(emulator.url, { GATE_VERIFY_SERVICE_SID: serviceSid, GATE_SYNC_SHARDS: '16' }), { assetsDir: assets });
});
afterAll(async () => {
  await bundle?.close();
  await emulator?.close();
  await rm(assets, { recursive: true, force: true });
});

/** Distinct mobile numbers in distinct 8-digit ranges of several countries, so no other rule set refuses. */
const numberOf = (i: number) => (i % 2 === 0 ? `+4479${String(i).padStart(4, '0')}5678` : `+336${String(i).padStart(4, '0')}0123`);

async function startAll(from: number, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, (_, k) =>
      fetch(`${bundle.url}/verify/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: numberOf(from + k) }) }).then((response) => response.status),
    ),
  );
}

describe('a sharded global limit through the built bundle', () => {
  it(`sends at most ${LIMIT} codes to concurrent starts, and exactly ${LIMIT} once starts keep coming`, async () => {
    const first = await startAll(0, 40);
    expect(first.filter((status) => status === 200).length).toBeLessThanOrEqual(LIMIT);
    // Refused: 429 (the shards tried are full) or 503 (races for a shard's last place lost until the deadline).
    expect(first.filter((status) => ![200, 429, 503].includes(status))).toEqual([]);
    let statuses = first;
    for (let batch = 1; batch <= 6; batch += 1) statuses = statuses.concat(await startAll(batch * 40, 20));
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted).toBe(LIMIT);
    expect((await control.requestLog()).byRoute[VERIFY_ROUTE]).toBe(LIMIT);
  }, 60_000);
});
