import { inboundFallbackAction, renderFallback } from '../../../src/core/voice';
import { REJECT_BUSY, twimlVerbs } from '../../helpers/twiml';

describe('inboundFallbackAction', () => {
  it.each([
    ['admits to the app by default', { GATE_VOICE_APP_URL: 'https://example.com/voice' }, { kind: 'redirect', url: 'https://example.com/voice' }],
    ['admits to an app path', { GATE_VOICE_APP_URL: '/voice/menu', GATE_VOICE_INBOUND_ON_ERROR: 'admit' }, { kind: 'redirect', url: '/voice/menu' }],
    ['rejects when told to', { GATE_VOICE_APP_URL: 'https://example.com/voice', GATE_VOICE_INBOUND_ON_ERROR: 'reject' }, { kind: 'reject' }],
    ['rejects without an app (forwarding is never done blind)', { GATE_FORWARD_TO: '+447400123456' }, { kind: 'reject' }],
    ['rejects when the app URL is invalid', { GATE_VOICE_APP_URL: 'not a url' }, { kind: 'reject' }],
    ['uses the default when the setting itself is invalid', { GATE_VOICE_APP_URL: '/voice', GATE_VOICE_INBOUND_ON_ERROR: 'sometimes' }, { kind: 'redirect', url: '/voice' }],
    ['ignores other broken settings', { GATE_VOICE_APP_URL: '/voice', GATE_CALL_TIME_LIMIT: 'forever' }, { kind: 'redirect', url: '/voice' }],
  ])('%s', (_name, env, action) => {
    expect(inboundFallbackAction(env)).toEqual(action);
  });

  it('renders a redirect or a busy reject', () => {
    expect(twimlVerbs(renderFallback({ kind: 'redirect', url: '/voice' }).body)).toEqual([{ name: 'Redirect', attributes: { method: 'POST' }, text: '/voice', children: [] }]);
    expect(twimlVerbs(renderFallback({ kind: 'reject' }).body)).toEqual(REJECT_BUSY);
  });
});
