import { createThrottle, parseRuleSets, subjectKey, type ThrottleDecision } from '../../../src/core/throttle';
import { scriptedStore, sleep } from './store-doubles';

const SECRET = 'unit-test-secret-0123456789';
const NUMBER = '+447700900123';
const T0 = 1_700_000_000_000;

// The review's reproduction (issue 12, point 1): two runs lose their first write race and ask the
// veto concurrently; a `false` that resolves after a `true` used to reset the flag, so the run that
// saw `true` left without writing, the other committed, and the request counted as admitted.
describe('a veto that answers true, then false, during lost write races', () => {
  function setup() {
    const store = scriptedStore();
    const raced = new Set<string>();
    // Another request wins each item's first write: its create lands just before ours.
    store.before = async (call) => {
      if (call.op !== 'create' || raced.has(call.key)) return;
      raced.add(call.key);
      await store.inner.create(call.key, { v: 1, t: [] }, 120);
    };
    const throttle = createThrottle({
      store,
      secret: SECRET,
      ruleSets: parseRuleSets(
        {
          a: { subject: 'number', windows: [{ limit: 1, per: '1m' }] },
          b: { action: 'a', subject: 'global', windows: [{ limit: 100, per: '1m' }] },
        },
        {},
      ),
      now: () => T0,
      random: () => 0,
      blockedCache: false,
    });
    const answers: Array<{ vetoes: boolean; afterMs: number }> = [
      { vetoes: false, afterMs: 0 },
      { vetoes: true, afterMs: 10 },
      { vetoes: false, afterMs: 30 },
    ];
    let asked = 0;
    const veto = async () => {
      const answer = answers[asked++] ?? { vetoes: false, afterMs: 0 };
      if (answer.afterMs) await sleep(answer.afterMs);
      return answer.vetoes;
    };
    const eventsOf = async (rule: string, value: string) => {
      const item = await store.inner.get(subjectKey(rule, value, SECRET));
      return item ? ((item.data as { t?: unknown[] }).t ?? []).length : 0;
    };
    return { throttle, veto, eventsOf };
  }

  it('refuses the vetoed request and leaves no event of it in any log', async () => {
    const { throttle, veto, eventsOf } = setup();
    const first = await throttle.evaluate('a', { number: NUMBER }, { veto });
    expect(first.allowed).toBe(false);
    expect(first.vetoed).toBe(true);
    expect(first.rules.every((rule) => !rule.committed)).toBe(true);
    expect(await eventsOf('a', NUMBER)).toBe(0);
    expect(await eventsOf('b', 'global')).toBe(0);
  });

  it('never admits two requests for the number under a limit of one', async () => {
    const { throttle, veto, eventsOf } = setup();
    const decisions: ThrottleDecision[] = [];
    for (let request = 0; request < 3; request++) decisions.push(await throttle.evaluate('a', { number: NUMBER }, { veto }));
    const admitted = decisions.filter((decision) => decision.allowed);
    expect(admitted.length).toBeLessThanOrEqual(1);
    for (const decision of admitted) expect(decision.rules.every((rule) => rule.committed)).toBe(true);
    expect(await eventsOf('a', NUMBER)).toBe(admitted.length);
  });
});
