import { ACCOUNT_SID, caught, lastBody, useContractHarness } from './harness';
import { expectValid, responseValidator } from './openapi';

// Usage Records derived from the usage ledger, through the real twilio client, every body checked
// against twilio_api_v2010.json.
const RECORDS = '/2010-04-01/Accounts/{AccountSid}/Usage/Records.json';
const DAILY = '/2010-04-01/Accounts/{AccountSid}/Usage/Records/Daily.json';
const DAY_MS = 24 * 3600 * 1000;

const h = useContractHarness();

const records = () => h.client.api.v2010.accounts(ACCOUNT_SID).usage.records;
const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

describe('Usage Records', () => {
  it('lists one all-time record per category with usage, and a zero record for a named category', async () => {
    await h.client.messages.create({ to: '+447911123456', from: '+14155552671', body: 'hello' });
    const all = await records().list();
    expectValid(responseValidator('twilio_api_v2010', RECORDS, 'get', 200), lastBody(h.client));
    expect(all.map((r) => [r.category, r.count, r.usage, r.price])).toEqual([
      ['sms', '1', '1', 0.0079],
      ['sms-outbound', '1', '1', 0.0079],
      ['totalprice', '0', '0.0079', 0.0079],
    ]);
    const calls = await records().list({ category: 'calls' });
    expect(calls.map((r) => [r.category, r.count])).toEqual([['calls', '0']]);
  });

  it('lists daily records per GMT day, filtered by StartDate and EndDate', async () => {
    const first = await h.control.advanceClock(0);
    await h.control.addUsage({ accountSid: ACCOUNT_SID, category: 'calls-outbound', count: 1, usage: 3, price: 0.1 });
    await h.control.advanceClock(DAY_MS);
    await h.control.addUsage({ accountSid: ACCOUNT_SID, category: 'calls-outbound', count: 2, usage: 5, price: 0.2 });
    const daily = await records().daily.list({ category: 'calls' });
    expectValid(responseValidator('twilio_api_v2010', DAILY, 'get', 200), lastBody(h.client));
    expect(daily.map((r) => [day(r.startDate.getTime()), day(r.endDate.getTime()), r.count, r.usage])).toEqual([
      [day(first), day(first), '1', '3'],
      [day(first + DAY_MS), day(first + DAY_MS), '2', '5'],
    ]);
    const second = await records().daily.list({ category: 'calls', startDate: new Date(first + DAY_MS) });
    expect(second.map((r) => r.usage)).toEqual(['5']);
    const today = await records().today.list({ category: 'calls' });
    expect(today.map((r) => r.usage)).toEqual(['5']);
    const allTime = await records().list({ category: 'calls', endDate: new Date(first) });
    expect(allTime.map((r) => r.usage)).toEqual(['3']);
  });

  it('groups Monthly records by calendar month, from its first to its last day', async () => {
    const first = await h.control.advanceClock(0);
    await h.control.addUsage({ accountSid: ACCOUNT_SID, category: 'sms-outbound', count: 1, usage: 1, price: 0.01 });
    const later = await h.control.advanceClock(40 * DAY_MS);
    await h.control.addUsage({ accountSid: ACCOUNT_SID, category: 'sms-outbound', count: 2, usage: 2, price: 0.02 });
    const monthly = await records().monthly.list({ category: 'sms-outbound' });
    const bounds = (epochMs: number) => {
      const date = new Date(epochMs);
      return [day(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)), day(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0))];
    };
    expect(monthly.map((r) => [day(r.startDate.getTime()), day(r.endDate.getTime()), r.count])).toEqual([
      [...bounds(first), '1'],
      [...bounds(later), '2'],
    ]);
    // 40 days earlier is in last month or the month before: LastMonth holds the first usage or none.
    const lastMonth = new Date(Date.UTC(new Date(later).getUTCFullYear(), new Date(later).getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const expected = day(first).startsWith(lastMonth) ? '1' : '0';
    expect((await records().lastMonth.list({ category: 'sms-outbound' })).map((r) => r.count)).toEqual([expected]);
  });

  it("includes subaccounts' usage unless IncludeSubaccounts is false", async () => {
    const sub = await h.client.api.v2010.accounts.create({ friendlyName: 'tenant' });
    await h.control.addUsage({ accountSid: sub.sid, category: 'sms-outbound', count: 4, usage: 4, price: 0.04 });
    expect((await records().list({ category: 'sms' })).map((r) => r.count)).toEqual(['4']);
    expect((await records().list({ category: 'sms', includeSubaccounts: false })).map((r) => r.count)).toEqual(['0']);
  });

  it('refuses a StartDate that is not a date (400)', async () => {
    const error = await caught(() => h.client.request({ method: 'get', uri: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records.json`, params: { StartDate: 'yesterday-ish' } }).then((r) => { if (r.statusCode >= 400) throw r.body; }));
    expect(error).toMatchObject({ status: 400, code: 20001 });
  });
});
