import { mapMessagesError } from '../../../src/core/sms/map-messages-error';

describe('mapMessagesError', () => {
  it.each([
    ['Geo Permissions 21408', { status: 400, code: 21408 }, 'ERR_GATE_DESTINATION_REFUSED', 403],
    ['an unsubscribed recipient 21610', { status: 400, code: 21610 }, 'ERR_GATE_DESTINATION_REFUSED', 403],
    ['a trial account and an unverified recipient 21608', { status: 400, code: 21608 }, 'ERR_GATE_DESTINATION_REFUSED', 403],
    ['a sender the account does not own 21606', { status: 400, code: 21606 }, 'ERR_GATE_CONFIG', 500],
    ['a Messaging Service of another account 21705', { status: 400, code: 21705 }, 'ERR_GATE_CONFIG', 500],
    ["Twilio's rate limit 20429", { status: 429, code: 20429 }, 'ERR_GATE_THROTTLED', 429],
    ['a timeout', { code: 'ECONNABORTED' }, 'ERR_GATE_UNAVAILABLE', 503],
    ['any other API error', { status: 400, code: 21617 }, 'ERR_GATE_UPSTREAM', 502],
  ])('maps %s to %s (%i)', (_name, error, code, status) => {
    const mapped = mapMessagesError(error);
    expect(mapped.code).toBe(code);
    expect(mapped.status).toBe(status);
  });

  it('names the setting to fix in the log for a refused Messaging Service, never in the answer', () => {
    const mapped = mapMessagesError({ status: 400, code: 21705, message: 'The Messaging Service Sid MGxx is invalid.' });
    expect(mapped.logDetail).toMatchObject({ twilioCode: 21705, setting: 'GATE_MESSAGING_SERVICE_SID' });
    expect(mapped.message).not.toMatch(/MG|21705/);
  });
});
