import { capacityExceeded } from '../core/errors';
import { MAX_USAGE_BUCKETS } from '../core/limits';
import { PARENT_CATEGORIES, TOTAL_PRICE_CATEGORY } from './usage-prices';

/** Usage of one category over some days: the three fields a trigger can watch. */
export interface UsageTotals {
  count: number;
  usage: number;
  /** USD. */
  price: number;
}

/** A GMT day, `YYYY-MM-DD`: the ledger's bucket and the Usage Records' date format. */
export function gmtDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

const zero = (): UsageTotals => ({ count: 0, usage: 0, price: 0 });

/** Rounds away floating-point noise from summed prices (Twilio reports at most 6 decimals). */
export function roundUsage(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Which days of the ledger a question covers: inclusive `YYYY-MM-DD` bounds, either open. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

/**
 * Usage per account, category and GMT day. Each entry also counts in its parent categories
 * (`sms-outbound` in `sms`) and its price in `totalprice`, so every question (a trigger's current
 * value, a Usage Records page) is a sum over days.
 */
export class UsageLedger {
  /** account -> category -> day -> totals. */
  private readonly accounts = new Map<string, Map<string, Map<string, UsageTotals>>>();
  private buckets = 0;

  /** Adds usage of `category` on the day of `now` for an account. */
  add(accountSid: string, category: string, amount: UsageTotals, now: number): void {
    const day = gmtDay(now);
    const targets: [string, UsageTotals][] = [[category, amount]];
    for (const parent of PARENT_CATEGORIES[category] ?? []) targets.push([parent, amount]);
    if (category !== TOTAL_PRICE_CATEGORY && amount.price !== 0) targets.push([TOTAL_PRICE_CATEGORY, { count: 0, usage: amount.price, price: amount.price }]);
    // All or nothing: refuse before writing if the new buckets would pass the bound.
    const fresh = targets.filter(([name]) => this.accounts.get(accountSid)?.get(name)?.get(day) === undefined).length;
    if (this.buckets + fresh > MAX_USAGE_BUCKETS) throw capacityExceeded('usage ledger entries (account, category, day)', MAX_USAGE_BUCKETS);
    for (const [name, totals] of targets) {
      const bucket = this.bucket(accountSid, name, day);
      bucket.count += totals.count;
      bucket.usage = roundUsage(bucket.usage + totals.usage);
      bucket.price = roundUsage(bucket.price + totals.price);
    }
  }

  /** Summed usage of a category over a day range, across the given accounts. */
  total(accountSids: readonly string[], category: string, range: DayRange): UsageTotals {
    const sum = zero();
    for (const [, totals] of this.days(accountSids, category, range)) {
      sum.count += totals.count;
      sum.usage = roundUsage(sum.usage + totals.usage);
      sum.price = roundUsage(sum.price + totals.price);
    }
    return sum;
  }

  /** Per-day usage of a category over a range, across the given accounts, oldest day first. */
  days(accountSids: readonly string[], category: string, range: DayRange): [string, UsageTotals][] {
    const byDay = new Map<string, UsageTotals>();
    for (const sid of accountSids) {
      for (const [day, totals] of this.accounts.get(sid)?.get(category) ?? []) {
        if ((range.from !== null && day < range.from) || (range.to !== null && day > range.to)) continue;
        const sum = byDay.get(day) ?? zero();
        sum.count += totals.count;
        sum.usage = roundUsage(sum.usage + totals.usage);
        sum.price = roundUsage(sum.price + totals.price);
        byDay.set(day, sum);
      }
    }
    return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** Every category with usage, across the given accounts, sorted by name. */
  categories(accountSids: readonly string[]): string[] {
    const names = new Set<string>();
    for (const sid of accountSids) for (const name of this.accounts.get(sid)?.keys() ?? []) names.add(name);
    return [...names].sort();
  }

  reset(): void {
    this.accounts.clear();
    this.buckets = 0;
  }

  private bucket(accountSid: string, category: string, day: string): UsageTotals {
    let categories = this.accounts.get(accountSid);
    if (!categories) {
      categories = new Map();
      this.accounts.set(accountSid, categories);
    }
    let days = categories.get(category);
    if (!days) {
      days = new Map();
      categories.set(category, days);
    }
    let totals = days.get(day);
    if (!totals) {
      totals = zero();
      days.set(day, totals);
      this.buckets += 1;
    }
    return totals;
  }
}
