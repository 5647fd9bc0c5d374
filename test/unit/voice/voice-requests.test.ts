import { GateError } from '../../../src/core/http';
import { readInboundCall, readOutboundCallRequest } from '../../../src/core/voice';

const SID = `CA${'a'.repeat(32)}`;

describe('readOutboundCallRequest', () => {
  it('reads every parameter, the time limit as a number', () => {
    expect(readOutboundCallRequest({ to: '+447400123456', identity: 'user-1', purpose: 'reminder', timeLimit: '120' })).toEqual({
      to: '+447400123456',
      identity: 'user-1',
      purpose: 'reminder',
      timeLimit: 120,
    });
    expect(readOutboundCallRequest({ to: '+447400123456', timeLimit: 90 })).toMatchObject({ timeLimit: 90 });
  });

  it.each([
    [{}, /'to' is required/],
    [{ to: '+447400123456', timeLimit: '0' }, /'timeLimit' must be a whole number of seconds, at least 1/],
    [{ to: '+447400123456', timeLimit: '-5' }, /'timeLimit'/],
    [{ to: '+447400123456', timeLimit: '1.5' }, /'timeLimit'/],
    [{ to: '+447400123456', purpose: 'Has Spaces' }, /'purpose' must be 1 to 32 lower-case letters/],
    [{ to: '+447400123456', purpose: '<Say>' }, /'purpose'/],
    [{ to: '+447400123456', identity: 'a b' }, /'identity'/],
  ])('refuses %j with a 400 naming the parameter', (params, message) => {
    let thrown: unknown;
    try {
      readOutboundCallRequest(params);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GateError);
    expect((thrown as GateError).status).toBe(400);
    expect((thrown as GateError).message).toMatch(message);
  });
});

describe('readInboundCall', () => {
  it("reads Twilio's parameters", () => {
    expect(readInboundCall({ From: '+447400123456', To: '+14155552671', CallSid: SID, CallerCountry: 'GB', Direction: 'inbound' })).toEqual({
      from: '+447400123456',
      to: '+14155552671',
      callSid: SID,
      callerCountry: 'GB',
    });
  });

  it('treats missing or malformed values as absent and never throws', () => {
    expect(readInboundCall({ From: ['+1', '+2'], CallSid: 'not-a-sid', CallerCountry: 'gb', To: 'x'.repeat(65) })).toEqual({
      from: undefined,
      to: undefined,
      callSid: undefined,
      callerCountry: undefined,
    });
  });
});
