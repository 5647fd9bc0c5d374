import { checkDeploySettings } from '../../../src/core/config';

const READY = { ACCOUNT_SID: `AC${'1'.repeat(32)}`, AUTH_TOKEN: 'a'.repeat(32), GATE_HASH_SECRET: 'h'.repeat(64), GATE_API_TOKEN: 't'.repeat(64) };

describe('checkDeploySettings', () => {
  it('lets a complete configuration deploy', () => {
    expect(checkDeploySettings(READY)).toEqual([]);
  });

  it('refuses a deploy without GATE_HASH_SECRET, even with an AUTH_TOKEN', () => {
    const { GATE_HASH_SECRET: _unset, ...env } = READY;
    expect(checkDeploySettings(env)).toEqual([expect.stringMatching(/^GATE_HASH_SECRET: not set/)]);
    expect(checkDeploySettings({ ...env, GATE_HASH_SECRET: '' })).toEqual([expect.stringMatching(/^GATE_HASH_SECRET: not set/)]);
  });

  it('refuses a deploy without GATE_API_TOKEN', () => {
    expect(checkDeploySettings({ ...READY, GATE_API_TOKEN: '' })).toEqual([expect.stringMatching(/^GATE_API_TOKEN: not set/)]);
  });

  it('refuses a deploy that would upload TWILIO_API_BASE_URL, even a loopback one', () => {
    expect(checkDeploySettings({ ...READY, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' })).toEqual([expect.stringMatching(/^TWILIO_API_BASE_URL: is set in a deployed service/)]);
  });

  it('refuses a deploy with an invalid setting, naming it', () => {
    expect(checkDeploySettings({ ...READY, GATE_SYNC_SHARDS: '0' })).toEqual([expect.stringMatching(/^GATE_SYNC_SHARDS:/)]);
  });
});
