import { addLogLine, buildPriceTable, countriesToPrice, createReportState, finishReport, type LogLine, type PriceTable } from '../../../src/core/report';
import * as lines from './report-lines';

const GB1 = '+4474******56~aaaaaaa1';
const GB2 = '+4474******57~aaaaaaa2';
const GB_PREMIUM = '+4490******11~aaaaaaa3';
const GB_PUMPED = '+4479******00~aaaaaaa4';
const US1 = '+1202******23~bbbbbbb1';
const US2 = '+1202******24~bbbbbbb2';
const LV1 = '+3712******01~ccccccc1';
const LV2 = '+3712******02~ccccccc2';
const CALLER = '+1415******07~ddddddd1';
const MIN = 60_000;

const PRICES: PriceTable = buildPriceTable(
  [
    { iso_country: 'GB', price_unit: 'USD', outbound_sms_prices: [{ prices: [{ current_price: '0.05' }] }, { prices: [{ current_price: '0.04' }] }] },
    { iso_country: 'LV', price_unit: 'USD', outbound_sms_prices: [{ prices: [{ current_price: '0.05' }] }] },
    { iso_country: 'US', price_unit: 'USD', outbound_sms_prices: [{ prices: [{ current_price: '0.0079' }] }] },
  ],
  [
    { iso_country: 'GB', price_unit: 'USD', outbound_prefix_prices: [{ prefixes: ['44'], current_price: '0.02' }, { prefixes: ['4490'], current_price: '0.5' }] },
    { iso_country: 'US', price_unit: 'USD', outbound_prefix_prices: [{ prefixes: ['1'], current_price: '0.014' }] },
  ],
);

function scenario(): LogLine[] {
  return [
    lines.verifySent(1 * MIN, GB1, 'GB'),
    lines.verifySent(2 * MIN, GB2, 'GB'),
    lines.verifySent(3 * MIN, US1, 'US'),
    lines.verifyCountryDenied(4 * MIN, LV1, 'LV'),
    lines.verifyCountryDenied(5 * MIN, LV2, 'LV'),
    lines.requestRefused(5 * MIN),
    lines.verifyThrottled(6 * MIN, GB_PUMPED, 'GB'),
    lines.verifyThrottled(6 * MIN + 1, GB_PUMPED, 'GB'),
    lines.verifyThrottled(6 * MIN + 2, GB_PUMPED, 'GB', 'fallback'),
    lines.requestRefused(6 * MIN + 3),
    lines.verifyBackoff(7 * MIN, GB1, 'GB'),
    lines.verifyCheck(8 * MIN, GB1, true),
    lines.verifyCheck(9 * MIN, GB2, false),
    lines.smsOutbound(10 * MIN, 'sent', GB1, 'GB'),
    lines.smsOutbound(11 * MIN, 'refused', LV1, 'LV'),
    lines.voiceOutbound(12 * MIN, 'refused', GB_PREMIUM, 'GB'),
    lines.voiceOutbound(13 * MIN, 'placed', US1, 'US'),
    lines.inboundCallRejected(14 * MIN, CALLER),
    lines.inboundCallRejected(14 * MIN + 1, CALLER),
    lines.inboundCallRejected(14 * MIN + 2, CALLER),
    lines.inboundCallRejected(14 * MIN + 3, '+1415******08~ddddddd2'),
    lines.usageAlert(39 * MIN),
    lines.lockdown(40 * MIN, 'verify/start'),
    lines.lockdown(41 * MIN, 'verify/start'),
    lines.verifySent(50 * MIN, US2, 'US'),
    lines.plainText(51 * MIN, 'Warning: something a library printed'),
    lines.plainText(52 * MIN, '{"no":"event"}'),
  ];
}

function report(input: LogLine[] = scenario()) {
  const state = createReportState(lines.SINCE, lines.UNTIL, 5 * MIN, 'AC123');
  for (const line of input) addLogLine(state, line);
  return { state, report: finishReport(state, PRICES) };
}

describe('the report over decision logs', () => {
  it('counts every line, and the lines it skips by why', () => {
    const { lines: counted } = report().report;
    expect(counted).toEqual({ read: 27, used: 23, skipped: 4, skippedBy: { 'event:request.refused': 2, no_event: 1, not_json: 1 }, incompleteSeconds: 0 });
  });

  it('counts decisions by endpoint and verdict exactly', () => {
    const { totals, byEndpoint } = report().report;
    expect(totals).toEqual({ decisions: 22, allowed: 8, refused: 14, failed: 0, other: 0 });
    expect(byEndpoint).toEqual([
      { endpoint: 'sms/outbound', allowed: 1, refused: 1, failed: 0, other: 0, total: 2 },
      { endpoint: 'verify/check', allowed: 2, refused: 0, failed: 0, other: 0, total: 2 },
      { endpoint: 'verify/start', allowed: 4, refused: 8, failed: 0, other: 0, total: 12 },
      { endpoint: 'voice/inbound', allowed: 0, refused: 4, failed: 0, other: 0, total: 4 },
      { endpoint: 'voice/outbound', allowed: 1, refused: 1, failed: 0, other: 0, total: 2 },
    ]);
  });

  it('names the rule behind each refusal', () => {
    expect(report().report.byRule).toEqual([
      { endpoint: 'voice/inbound', rule: 'voice-inbound', refused: 4 },
      { endpoint: 'verify/start', rule: 'verify-prefix', refused: 3 },
      { endpoint: 'verify/start', rule: 'destinations.countries.allow', refused: 2 },
      { endpoint: 'verify/start', rule: 'gate-mode', refused: 2 },
      { endpoint: 'sms/outbound', rule: 'destinations.prefixes.deny[+3712]', refused: 1 },
      { endpoint: 'verify/start', rule: 'backoff', refused: 1 },
      { endpoint: 'voice/outbound', rule: 'destinations.lineTypes.voice', refused: 1 },
    ]);
  });

  it('counts refusals by the unentered-code budgets and for a missing identity, named by their scope', () => {
    const { report: budgets } = report([
      lines.verifyBudgetRefused(1 * MIN, LV1, 'LV', 'country'),
      lines.verifyBudgetRefused(2 * MIN, GB_PUMPED, 'GB', 'prefix:8'),
      lines.verifyIdentityRequired(3 * MIN),
    ]);
    expect(budgets.totals).toMatchObject({ decisions: 3, refused: 3, other: 0 });
    expect(budgets.byRule).toEqual(
      expect.arrayContaining([
        { endpoint: 'verify/start', rule: 'unconverted:country', refused: 1 },
        { endpoint: 'verify/start', rule: 'unconverted:prefix:8', refused: 1 },
        { endpoint: 'verify/start', rule: 'identity', refused: 1 },
      ]),
    );
  });

  it('counts by country and by masked range, unknown countries under ??', () => {
    const { byCountry, byRange } = report().report;
    expect(byCountry).toEqual([
      { country: 'GB', allowed: 3, refused: 5 },
      { country: 'US', allowed: 3, refused: 4 },
      { country: 'LV', allowed: 0, refused: 3 },
      // verify/check records carry no country; the lockdown refusals no destination.
      { country: '??', allowed: 2, refused: 2 },
    ]);
    expect(byRange.slice(0, 3)).toEqual([
      { range: '+1415', country: 'US', allowed: 0, refused: 4 },
      { range: '+3712', country: 'LV', allowed: 0, refused: 3 },
      { range: '+4479', country: 'GB', allowed: 0, refused: 3 },
    ]);
  });

  it('prices refused and allowed sends from the price table, and counts what it cannot price', () => {
    const { money } = report().report;
    // Refused: LV codes 2 x 0.05, GB codes 4 x 0.04 (throttled, backoff), LV SMS 0.05, GB call to +4490 0.5.
    expect(money.notSpent).toBeCloseTo(2 * 0.05 + 4 * 0.04 + 0.05 + 0.5, 9);
    // Allowed: GB codes 2 x 0.04, US codes 2 x 0.0079, GB SMS 0.04, US call 0.014.
    expect(money.allowedCost).toBeCloseTo(2 * 0.04 + 2 * 0.0079 + 0.04 + 0.014, 9);
    // The lockdown refusals carry no destination.
    expect(money.unpricedRefused).toBe(2);
    expect(money.currency).toBe('USD');
    expect(money.byCountry[0]).toEqual({ country: 'GB', notSpent: 0.66, allowedCost: 0.12, refusedSms: 4, refusedCalls: 1 });
  });

  it('prices a verification by the channel its record names: a call by its prefix, WhatsApp as unpriced', () => {
    const { report: priced, state } = report([
      lines.verifyOnChannel(1 * MIN, GB_PREMIUM, 'GB', 'call', 'throttled'),
      lines.verifyOnChannel(2 * MIN, US1, 'US', 'call', 'sent'),
      lines.verifyOnChannel(3 * MIN, GB1, 'GB', 'whatsapp', 'throttled'),
      lines.verifyOnChannel(4 * MIN, GB2, 'GB', 'sms', 'throttled'),
    ]);
    // Refused: a call to +4490 0.5 and an SMS code 0.04; allowed: a call to the US 0.014.
    expect(priced.money.notSpent).toBeCloseTo(0.5 + 0.04, 9);
    expect(priced.money.allowedCost).toBeCloseTo(0.014, 9);
    expect(priced.money.unpricedRefused).toBe(1);
    expect(priced.money.byCountry.find((row) => row.country === 'GB')).toMatchObject({ refusedSms: 1, refusedCalls: 1 });
    expect(countriesToPrice(state)).toEqual({ sms: ['GB'], voice: ['GB', 'US'] });
  });

  it('asks for prices of the countries it saw sends to, only', () => {
    expect(countriesToPrice(report().state)).toEqual({ sms: ['GB', 'LV', 'US'], voice: ['GB', 'US'] });
  });

  it('joins checks to starts by the tagged number for conversion per country', () => {
    const { conversion } = report().report;
    expect(conversion.byCountry).toEqual([
      { country: 'GB', started: 2, approved: 1, rate: 0.5 },
      { country: 'US', started: 2, approved: 0, rate: 0 },
    ]);
    const withStarts = conversion.trend.filter((point) => point.byCountry.GB.started > 0);
    expect(withStarts.map((point) => point.start - lines.SINCE)).toEqual([0]);
  });

  it('lists gate mode switches in time order, with the alert that switched', () => {
    expect(report().report.modeChanges).toEqual([
      { at: new Date(lines.SINCE + MIN).toISOString(), from: null, to: 'normal', seenIn: 'verify/start' },
      { at: new Date(lines.SINCE + 39 * MIN).toISOString(), from: 'normal', to: 'lockdown', seenIn: 'usage alert' },
      { at: new Date(lines.SINCE + 50 * MIN).toISOString(), from: 'lockdown', to: 'normal', seenIn: 'verify/start' },
    ]);
  });

  it('reads lines in any order to the same report', () => {
    const reversed = report([...scenario()].reverse()).report;
    expect(reversed).toEqual(report().report);
  });

  it('counts adaptive refusals, alerts, refused callers and store incidents', () => {
    const result = report().report;
    expect(result.adaptive).toEqual([{ rule: 'backoff', refused: 1, wouldRefuse: 0, scopes: 1 }]);
    expect(result.alerts).toEqual([{ source: 'usage', outcome: 'handled', action: 'lockdown', subject: 'sms', count: 1, last: new Date(lines.SINCE + 39 * MIN).toISOString() }]);
    expect(result.topRefusedCallers).toEqual([
      { caller: CALLER, refused: 3 },
      { caller: '+1415******08~ddddddd2', refused: 1 },
    ]);
    expect(result.storeIncidents).toEqual([{ kind: 'throttle:store_error_closed', count: 1 }]);
  });

  it('puts every allowed and refused decision in one time bucket, and the money beside it', () => {
    const { timeline, totals, money } = report().report;
    expect(timeline.bucketMs).toBe(5 * MIN);
    expect(timeline.points).toHaveLength(12);
    expect(timeline.points.reduce((sum, point) => sum + point.allowed, 0)).toBe(totals.allowed);
    expect(timeline.points.reduce((sum, point) => sum + point.refused, 0)).toBe(totals.refused);
    expect(timeline.points.reduce((sum, point) => sum + point.notSpent, 0)).toBeCloseTo(money.notSpent, 9);
  });
});
