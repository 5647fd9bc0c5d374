import { randomBytes } from 'node:crypto';
import type twilio from 'twilio';
import { classifyTwilioError } from '../core/twilio';

/** One Sync behaviour the throttle design relies on, and what the account actually did. */
export interface SmokeCheck {
  name: string;
  expected: string;
  observed: string;
  passed: boolean;
}

function describe(error: unknown): string {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'api') return `HTTP ${failure.status}, code ${failure.code ?? 'none'}`;
  if (failure.kind === 'transport') return `transport error ${failure.errno}`;
  return 'unexpected error';
}

async function expectFailure(name: string, code: number, expected: string, run: () => Promise<unknown>): Promise<SmokeCheck> {
  try {
    await run();
    return { name, expected, observed: 'succeeded', passed: false };
  } catch (error) {
    const failure = classifyTwilioError(error);
    return { name, expected, observed: describe(error), passed: failure.kind === 'api' && failure.code === code };
  }
}

/**
 * Exercises, against whatever `client` points at (a real account or the emulator), the Sync
 * semantics the throttle engine depends on: missing item 54201, create, conditional update,
 * stale revision 54205, create of an existing key 54208. Works in a fresh Map it deletes after.
 * This is how a user confirms the emulator matches their account (`npm run smoke:live`).
 */
export async function runSyncSmoke(client: twilio.Twilio, syncServiceSid: string): Promise<SmokeCheck[]> {
  const service = client.sync.v1.services(syncServiceSid);
  const mapName = `gate-smoke-${randomBytes(6).toString('hex')}`;
  const key = 'smoke:item';
  const checks: SmokeCheck[] = [];
  await service.syncMaps.create({ uniqueName: mapName });
  try {
    const items = service.syncMaps(mapName).syncMapItems;
    checks.push(await expectFailure('fetch missing item', 54201, 'HTTP 404, code 54201', () => items(key).fetch()));

    const created = await items.create({ key, data: { n: 1 }, itemTtl: 300 });
    checks.push({ name: 'create item', expected: 'a revision', observed: `revision ${created.revision}`, passed: typeof created.revision === 'string' });

    const updated = await items(key).update({ data: { n: 2 }, ifMatch: created.revision });
    checks.push({
      name: 'conditional update with the current revision',
      expected: 'a new revision',
      observed: `revision ${updated.revision}`,
      passed: updated.revision !== created.revision,
    });

    checks.push(
      await expectFailure('conditional update with a stale revision', 54205, 'HTTP 412, code 54205', () =>
        items(key).update({ data: { n: 3 }, ifMatch: created.revision }),
      ),
    );
    checks.push(await expectFailure('create of an existing key', 54208, 'HTTP 409, code 54208', () => items.create({ key, data: { n: 4 } })));
  } finally {
    await service.syncMaps(mapName).remove().catch(() => undefined);
  }
  return checks;
}
