import type { AccountRegistry } from './account-registry';
import { API_2010_PREFIX, requireAccount } from './api-2010';
import { invalidParameter } from '../core/errors';
import { parsePageRequest, v2010Page } from '../core/paging';
import type { RouteDefinition } from '../core/router';
import { gmtDay, roundUsage, type DayRange, type UsageLedger, type UsageTotals } from './usage-ledger';
import { unitsOf } from './usage-prices';

/** How a Usage Records list groups days: one record per category, or per day, month or year. */
type Granularity = 'all' | 'daily' | 'monthly' | 'yearly';

/** One Usage Records subresource: its path suffix, grouping and the days it covers by default. */
interface RecordsView {
  suffix: string;
  granularity: Granularity;
  range(today: string): DayRange;
}

const DAY_MS = 24 * 3600 * 1000;

function shiftDay(day: string, days: number): string {
  return gmtDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return gmtDay(Date.UTC(year, m, 0));
}

function monthBounds(month: string): DayRange {
  return { from: `${month}-01`, to: lastDayOf(month) };
}

function previousMonth(today: string): string {
  const [year, month] = today.slice(0, 7).split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

const OPEN: DayRange = { from: null, to: null };

const VIEWS: RecordsView[] = [
  { suffix: '', granularity: 'all', range: () => OPEN },
  { suffix: '/AllTime', granularity: 'all', range: () => OPEN },
  { suffix: '/Daily', granularity: 'daily', range: () => OPEN },
  { suffix: '/Monthly', granularity: 'monthly', range: () => OPEN },
  { suffix: '/Yearly', granularity: 'yearly', range: () => OPEN },
  { suffix: '/Today', granularity: 'all', range: (today) => ({ from: today, to: today }) },
  { suffix: '/Yesterday', granularity: 'all', range: (today) => ({ from: shiftDay(today, -1), to: shiftDay(today, -1) }) },
  { suffix: '/ThisMonth', granularity: 'all', range: (today) => ({ from: `${today.slice(0, 7)}-01`, to: today }) },
  { suffix: '/LastMonth', granularity: 'all', range: (today) => monthBounds(previousMonth(today)) },
];

/** `StartDate` / `EndDate`: `YYYY-MM-DD` or an offset from today such as `-30days`. */
function parseDate(name: string, value: string | null, today: string): string | null {
  if (value === null || value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  const offset = /^([+-]\d{1,5})days?$/.exec(value);
  if (offset) return shiftDay(today, Number(offset[1]));
  throw invalidParameter(`${name} must be a date as YYYY-MM-DD or an offset such as -30days`);
}

function narrow(range: DayRange, from: string | null, to: string | null): DayRange {
  const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
  const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
  return { from: later(range.from, from), to: earlier(range.to, to) };
}

function groupKey(day: string, granularity: Granularity): string {
  if (granularity === 'daily') return day;
  if (granularity === 'monthly') return day.slice(0, 7);
  if (granularity === 'yearly') return day.slice(0, 4);
  return 'all';
}

function groupBounds(key: string, granularity: Granularity, range: DayRange, firstDay: string, today: string): { start: string; end: string } {
  const clip = (start: string, end: string) => ({ start: range.from !== null && range.from > start ? range.from : start, end: range.to !== null && range.to < end ? range.to : end });
  if (granularity === 'daily') return { start: key, end: key };
  if (granularity === 'monthly') return clip(`${key}-01`, lastDayOf(key));
  if (granularity === 'yearly') return clip(`${key}-01-01`, `${key}-12-31`);
  return { start: range.from ?? firstDay, end: range.to ?? today };
}

interface UsageRecordRow {
  category: string;
  start: string;
  end: string;
  totals: UsageTotals;
}

/** Groups a category's per-day usage into records of the view's granularity. */
function rowsFor(category: string, days: [string, UsageTotals][], granularity: Granularity, range: DayRange, today: string): UsageRecordRow[] {
  const groups = new Map<string, UsageTotals>();
  for (const [day, totals] of days) {
    const key = groupKey(day, granularity);
    const sum = groups.get(key) ?? { count: 0, usage: 0, price: 0 };
    sum.count += totals.count;
    sum.usage = roundUsage(sum.usage + totals.usage);
    sum.price = roundUsage(sum.price + totals.price);
    groups.set(key, sum);
  }
  if (granularity === 'all' && groups.size === 0) groups.set('all', { count: 0, usage: 0, price: 0 });
  const firstDay = days[0]?.[0] ?? today;
  return [...groups.entries()].map(([key, totals]) => ({ category, ...groupBounds(key, granularity, range, firstDay, today), totals }));
}

/** `api.v2010.account.usage.usage_record` (the same fields for every subresource). */
function serializeRecord(accountSid: string, suffix: string, row: UsageRecordRow, asOf: string): Record<string, unknown> {
  const records = `/2010-04-01/Accounts/${accountSid}/Usage/Records`;
  const category = encodeURIComponent(row.category);
  const sub = (path: string) => `${records}/${path}.json?Category=${category}`;
  const { countUnit, usageUnit } = unitsOf(row.category);
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    as_of: asOf,
    category: row.category,
    count: String(row.totals.count),
    count_unit: countUnit,
    description: row.category,
    end_date: row.end,
    price: row.totals.price,
    price_unit: 'usd',
    start_date: row.start,
    subresource_uris: {
      all_time: sub('AllTime'),
      daily: sub('Daily'),
      last_month: sub('LastMonth'),
      monthly: sub('Monthly'),
      this_month: sub('ThisMonth'),
      today: sub('Today'),
      yearly: sub('Yearly'),
      yesterday: sub('Yesterday'),
    },
    uri: `${records}${suffix}.json?Category=${category}&StartDate=${row.start}&EndDate=${row.end}`,
    usage: String(row.totals.usage),
    usage_unit: usageUnit,
  };
}

/**
 * Usage Records derived from the usage ledger: `Records.json` and its subresources (`AllTime`,
 * `Daily`, `Monthly`, `Yearly`, `Today`, `Yesterday`, `ThisMonth`, `LastMonth`), with `Category`,
 * `StartDate` / `EndDate` (`YYYY-MM-DD` or `-Ndays`) and `IncludeSubaccounts` (default true).
 * Only categories with usage are listed (a `Category` filter always gets its record); Daily,
 * Monthly and Yearly list only periods with usage. `as_of` is the emulator clock: its data never lags.
 */
export function usageRecordRoutes(ledger: UsageLedger, accounts: AccountRegistry): RouteDefinition[] {
  return VIEWS.map((view) => ({
    method: 'GET' as const,
    pattern: `${API_2010_PREFIX}/Accounts/:account/Usage/Records${view.suffix}.json`,
    product: 'api' as const,
    handler: (ctx) => {
      const accountSid = requireAccount(ctx);
      const today = gmtDay(ctx.now);
      const range = narrow(view.range(today), parseDate('StartDate', ctx.query.get('StartDate'), today), parseDate('EndDate', ctx.query.get('EndDate'), today));
      const include = ctx.query.get('IncludeSubaccounts');
      if (include !== null && include !== 'true' && include !== 'false') throw invalidParameter('IncludeSubaccounts must be true or false');
      const scope = include === 'false' ? [accountSid] : [accountSid, ...accounts.childrenOf(accountSid).map((a) => a.sid)];
      const category = ctx.query.get('Category');
      const categories = category !== null ? [category] : ledger.categories(scope);
      const asOf = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      const rows = categories.flatMap((name) => rowsFor(name, ledger.days(scope, name, range), view.granularity, range, today));
      const filters: [string, string][] = [];
      for (const name of ['Category', 'StartDate', 'EndDate', 'IncludeSubaccounts']) {
        const value = ctx.query.get(name);
        if (value !== null) filters.push([name, value]);
      }
      const body = v2010Page(
        rows.map((row) => serializeRecord(accountSid, view.suffix, row, asOf)),
        'usage_records',
        `/2010-04-01/Accounts/${accountSid}/Usage/Records${view.suffix}.json`,
        filters,
        parsePageRequest(ctx.query),
      );
      return { status: 200, body };
    },
  }));
}
