import { startEmulator, type RunningEmulator } from '../../../emulator';
import { createSyncStore, type SyncStore } from '../../../src/core/throttle';
import { createTwilioClient } from '../../../src/core/twilio';
import { describeStoreContract } from './store-contract';

let emulator: RunningEmulator;
let store: SyncStore;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  const client = createTwilioClient(
    {
      getTwilioClient: () => {
        throw new Error('unused');
      },
      ACCOUNT_SID: `AC${'0'.repeat(31)}1`,
      AUTH_TOKEN: 'x'.repeat(32),
      TWILIO_API_BASE_URL: emulator.url,
    },
    { timeoutMs: 5000 },
  );
  store = createSyncStore({ client, shards: 4 });
});

afterAll(async () => {
  await emulator?.close();
});

describeStoreContract('SyncStore (twilio client against the emulator)', () => store);
