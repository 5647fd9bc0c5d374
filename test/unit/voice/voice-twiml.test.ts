import { forwardCallReply, redirectCallReply, rejectCallReply } from '../../../src/core/voice';
import { REJECT_BUSY, twimlVerbs } from '../../helpers/twiml';

describe('voice TwiML', () => {
  it('rejects as busy, with status 200 and an XML content type', () => {
    const reply = rejectCallReply();
    expect(reply.status).toBe(200);
    expect(reply.headers['Content-Type']).toMatch(/^text\/xml/);
    expect(twimlVerbs(reply.body)).toEqual(REJECT_BUSY);
  });

  it('redirects with POST', () => {
    expect(twimlVerbs(redirectCallReply('https://example.com/voice?a=1&b=2').body)).toEqual([
      { name: 'Redirect', attributes: { method: 'POST' }, text: 'https://example.com/voice?a=1&b=2', children: [] },
    ]);
  });

  it('forwards to every number at once with the time limit, answering on bridge, and nothing after', () => {
    expect(twimlVerbs(forwardCallReply(['+447400123456', '+4930123456'], 600).body)).toEqual([
      {
        name: 'Dial',
        attributes: { timeLimit: '600', answerOnBridge: 'true' },
        text: '',
        children: [
          { name: 'Number', attributes: {}, text: '+447400123456', children: [] },
          { name: 'Number', attributes: {}, text: '+4930123456', children: [] },
        ],
      },
    ]);
  });
});
