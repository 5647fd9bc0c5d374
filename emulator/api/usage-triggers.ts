import { API_2010_PREFIX, isHttpUrl, requireAccount } from './api-2010';
import { rfc2822Date } from '../core/dates';
import { capacityExceeded, invalidParameter, notFound } from '../core/errors';
import { newSid } from '../core/ids';
import { MAX_USAGE_TRIGGERS_PER_ACCOUNT } from '../core/limits';
import { parsePageRequest, v2010Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import { gmtDay, type DayRange } from './usage-ledger';

/** `Recurring`: empty (as `alltime`) fires once ever; the others once per GMT period. */
export type TriggerRecurrence = '' | 'daily' | 'monthly' | 'yearly' | 'alltime';
/** The Usage Record field a trigger watches. */
export type TriggerField = 'count' | 'usage' | 'price';

const RECURRENCES: ReadonlySet<string> = new Set(['', 'daily', 'monthly', 'yearly', 'alltime']);
const FIELDS: ReadonlySet<string> = new Set(['count', 'usage', 'price']);
const MAX_FRIENDLY_NAME = 64;

/** A Usage Trigger and its firing state. */
export interface UsageTrigger {
  sid: string;
  /** The account monitored (and the one that owns the trigger). */
  accountSid: string;
  friendlyName: string | null;
  callbackUrl: string;
  callbackMethod: 'GET' | 'POST';
  usageCategory: string;
  triggerBy: TriggerField;
  recurring: TriggerRecurrence;
  /** Absolute threshold: a `+N` value was resolved against the current value at creation. */
  triggerValue: number;
  dateCreated: number;
  dateUpdated: number;
  /** When it last fired (emulator clock), or null. */
  dateFired: number | null;
  /** The form fields of the last firing, for re-delivery. */
  lastFiring: Record<string, string> | null;
}

/** A GMT period: its identity (fires at most once per key) and its days. */
export interface TriggerPeriod {
  key: string;
  range: DayRange;
}

/** The GMT period of a recurrence that contains `epochMs`. */
export function periodOf(recurring: TriggerRecurrence, epochMs: number): TriggerPeriod {
  const day = gmtDay(epochMs);
  switch (recurring) {
    case 'daily':
      return { key: day, range: { from: day, to: day } };
    case 'monthly':
      return { key: day.slice(0, 7), range: { from: `${day.slice(0, 7)}-01`, to: `${day.slice(0, 7)}-31` } };
    case 'yearly':
      return { key: day.slice(0, 4), range: { from: `${day.slice(0, 4)}-01-01`, to: `${day.slice(0, 4)}-12-31` } };
    default:
      return { key: 'alltime', range: { from: null, to: null } };
  }
}

/** True when the trigger already fired in the period that contains `now` (ever, for all time). */
export function firedInPeriod(trigger: UsageTrigger, now: number): boolean {
  return trigger.dateFired !== null && periodOf(trigger.recurring, trigger.dateFired).key === periodOf(trigger.recurring, now).key;
}

/** A usage amount as Twilio's string fields carry it: no trailing zeros, no exponent. */
export function formatUsageValue(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** The Usage Records URI of a trigger's category and period (the callback's `UsageRecordUri`). */
export function usageRecordUri(trigger: UsageTrigger): string {
  const records = `/2010-04-01/Accounts/${trigger.accountSid}/Usage/Records`;
  const subresource = { daily: '/Today', monthly: '/ThisMonth', yearly: '/Yearly', alltime: '', '': '' }[trigger.recurring];
  return `${records}${subresource}.json?Category=${encodeURIComponent(trigger.usageCategory)}`;
}

/** Usage Triggers by SID, capped per account. */
export class UsageTriggerStore {
  private readonly triggers = new Map<string, UsageTrigger>();

  add(trigger: UsageTrigger): void {
    if (this.forAccount(trigger.accountSid).length >= MAX_USAGE_TRIGGERS_PER_ACCOUNT) {
      throw capacityExceeded('Usage Triggers per account', MAX_USAGE_TRIGGERS_PER_ACCOUNT);
    }
    this.triggers.set(trigger.sid, trigger);
  }

  get(accountSid: string, sid: string): UsageTrigger | undefined {
    const trigger = this.triggers.get(sid);
    return trigger?.accountSid === accountSid ? trigger : undefined;
  }

  /** Any account's trigger by SID (for the control API). */
  find(sid: string): UsageTrigger | undefined {
    return this.triggers.get(sid);
  }

  delete(sid: string): void {
    this.triggers.delete(sid);
  }

  /** An account's triggers, oldest first. */
  forAccount(accountSid: string): UsageTrigger[] {
    return [...this.triggers.values()].filter((t) => t.accountSid === accountSid);
  }

  reset(): void {
    this.triggers.clear();
  }
}

/** What the trigger routes need from the usage meter: a trigger's current value. */
export interface TriggerValueSource {
  currentValue(trigger: Pick<UsageTrigger, 'accountSid' | 'usageCategory' | 'triggerBy' | 'recurring'>, now: number): number;
}

/**
 * `api.v2010.account.usage.usage_trigger`. An empty `Recurring` is answered as `alltime`: the
 * spec's enum has no empty value, and both fire once ever (inferred).
 */
function serializeTrigger(trigger: UsageTrigger, currentValue: number): Record<string, unknown> {
  return {
    account_sid: trigger.accountSid,
    api_version: '2010-04-01',
    callback_method: trigger.callbackMethod,
    callback_url: trigger.callbackUrl,
    current_value: formatUsageValue(currentValue),
    date_created: rfc2822Date(trigger.dateCreated),
    date_fired: trigger.dateFired === null ? null : rfc2822Date(trigger.dateFired),
    date_updated: rfc2822Date(trigger.dateUpdated),
    friendly_name: trigger.friendlyName,
    recurring: trigger.recurring === '' ? 'alltime' : trigger.recurring,
    sid: trigger.sid,
    trigger_by: trigger.triggerBy,
    trigger_value: formatUsageValue(trigger.triggerValue),
    uri: `/2010-04-01/Accounts/${trigger.accountSid}/Usage/Triggers/${trigger.sid}.json`,
    usage_category: trigger.usageCategory,
    usage_record_uri: usageRecordUri(trigger),
  };
}

function parseCallbackUrl(value: string | null): string {
  if (value === null || !isHttpUrl(value)) throw invalidParameter('CallbackUrl must be an absolute http(s) URL');
  return value;
}

function parseCallbackMethod(value: string | null): 'GET' | 'POST' {
  if (value === null) return 'POST';
  const method = value.toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw invalidParameter('CallbackMethod must be GET or POST');
  return method;
}

function parseFriendlyName(value: string | null): string | null {
  if (value !== null && value.length > MAX_FRIENDLY_NAME) throw invalidParameter(`FriendlyName must be at most ${MAX_FRIENDLY_NAME} characters`);
  return value;
}

function parseOneOf<T extends string>(name: string, value: string | null, allowed: ReadonlySet<string>, fallback: T): T {
  if (value === null) return fallback;
  if (!allowed.has(value)) throw invalidParameter(`${name} must be one of ${[...allowed].filter(Boolean).join(', ')}${allowed.has('') ? ' or empty' : ''}`);
  return value as T;
}

function parseCategory(value: string | null): string {
  if (value === null || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) throw invalidParameter('UsageCategory must be a usage category such as totalprice, sms-outbound or calls-outbound');
  return value;
}

/** `TriggerValue`: a number, or `+N` meaning N above the current value (resolved now). */
function parseTriggerValue(value: string | null, current: () => number): number {
  const match = value === null ? null : /^(\+?)(\d{1,12}(?:\.\d{1,6})?)$/.exec(value);
  if (match === null) throw invalidParameter('TriggerValue must be a number, or +N for N above the current value (send + as %2B)');
  const amount = Number(match[2]);
  return match[1] === '+' ? Math.round((current() + amount) * 1e6) / 1e6 : amount;
}

/**
 * Usage Triggers: create (`CallbackUrl`, `TriggerValue` with `+N` resolved at creation,
 * `UsageCategory`, `CallbackMethod`, `FriendlyName`, `Recurring`, `TriggerBy` defaulting to
 * `usage`), list (`Recurring`, `TriggerBy`, `UsageCategory` filters), fetch, update (callback
 * fields and FriendlyName only: other fields are ignored, as Twilio ignores a new TriggerValue)
 * and delete. Firing is the usage meter's job (usage-meter.ts).
 */
export function usageTriggerRoutes(store: UsageTriggerStore, values: TriggerValueSource): RouteDefinition[] {
  const base = `${API_2010_PREFIX}/Accounts/:account/Usage/Triggers`;
  const found = (ctx: RouteContext): UsageTrigger => {
    const trigger = store.get(requireAccount(ctx), ctx.params.sid);
    if (!trigger) throw notFound(ctx.twilioPath);
    return trigger;
  };
  const answer = (trigger: UsageTrigger, now: number, status = 200) => ({ status, body: serializeTrigger(trigger, values.currentValue(trigger, now)) });
  return [
    {
      method: 'POST',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const form = ctx.form;
        const callbackUrl = parseCallbackUrl(form.get('CallbackUrl'));
        const usageCategory = parseCategory(form.get('UsageCategory'));
        const triggerBy = parseOneOf<TriggerField>('TriggerBy', form.get('TriggerBy'), FIELDS, 'usage');
        const recurring = parseOneOf<TriggerRecurrence>('Recurring', form.get('Recurring'), RECURRENCES, '');
        const triggerValue = parseTriggerValue(form.get('TriggerValue'), () => values.currentValue({ accountSid, usageCategory, triggerBy, recurring }, ctx.now));
        const trigger: UsageTrigger = {
          sid: newSid('UT'),
          accountSid,
          friendlyName: parseFriendlyName(form.get('FriendlyName')),
          callbackUrl,
          callbackMethod: parseCallbackMethod(form.get('CallbackMethod')),
          usageCategory,
          triggerBy,
          recurring,
          triggerValue,
          dateCreated: ctx.now,
          dateUpdated: ctx.now,
          dateFired: null,
          lastFiring: null,
        };
        store.add(trigger);
        return answer(trigger, ctx.now, 201);
      },
    },
    {
      method: 'GET',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const filters: [string, string][] = [];
        for (const name of ['Recurring', 'TriggerBy', 'UsageCategory']) {
          const value = ctx.query.get(name);
          if (value !== null) filters.push([name, value]);
        }
        const wanted = Object.fromEntries(filters);
        const matching = store
          .forAccount(accountSid)
          .filter(
            (t) =>
              (wanted.Recurring === undefined || (t.recurring || 'alltime') === (wanted.Recurring || 'alltime')) &&
              (wanted.TriggerBy === undefined || t.triggerBy === wanted.TriggerBy) &&
              (wanted.UsageCategory === undefined || t.usageCategory === wanted.UsageCategory),
          )
          .map((t) => serializeTrigger(t, values.currentValue(t, ctx.now)));
        return { status: 200, body: v2010Page(matching, 'usage_triggers', `/2010-04-01/Accounts/${accountSid}/Usage/Triggers.json`, filters, parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:sid.json`,
      product: 'api',
      handler: (ctx) => answer(found(ctx), ctx.now),
    },
    {
      method: 'POST',
      pattern: `${base}/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const trigger = found(ctx);
        const url = ctx.form.get('CallbackUrl');
        const method = ctx.form.get('CallbackMethod');
        const friendlyName = ctx.form.get('FriendlyName');
        const next = {
          callbackUrl: url === null ? trigger.callbackUrl : parseCallbackUrl(url),
          callbackMethod: method === null ? trigger.callbackMethod : parseCallbackMethod(method),
          friendlyName: friendlyName === null ? trigger.friendlyName : parseFriendlyName(friendlyName),
        };
        Object.assign(trigger, next, { dateUpdated: ctx.now });
        return answer(trigger, ctx.now);
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        store.delete(found(ctx).sid);
        return { status: 204 };
      },
    },
  ];
}
