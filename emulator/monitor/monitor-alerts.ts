import { BoundedList } from '../core/bounded-list';
import { isoDate } from '../core/dates';
import { invalidParameter, notFound } from '../core/errors';
import { newSid } from '../core/ids';
import { MAX_MONITOR_ALERTS } from '../core/limits';
import { parsePageRequest, v1Page } from '../core/paging';
import type { RouteDefinition } from '../core/router';

const MONITOR_BASE = 'https://monitor.twilio.com/v1';
const PREFIX = '/monitor/v1';

/** Alert levels as Monitor lists them (`LogLevel` filter values). */
export type AlertLevel = 'error' | 'warning' | 'notice' | 'debug';
export const ALERT_LEVELS: readonly AlertLevel[] = ['error', 'warning', 'notice', 'debug'];

/** A Monitor Alert: one debugger event of an account. */
export interface MonitorAlert {
  sid: string;
  accountSid: string;
  errorCode: string;
  logLevel: AlertLevel;
  alertText: string;
  resourceSid: string | null;
  serviceSid: string | null;
  requestMethod: string | null;
  requestUrl: string | null;
  dateGenerated: number;
  dateCreated: number;
}

/** The alert text of the codes the gate counts (Twilio's error dictionary); others get a generic text. */
const ALERT_TEXTS: Readonly<Record<string, string>> = {
  '13227': 'Geo Permission configuration is not permitting call',
  '21215': 'Geo Permission configuration is not permitting call',
  '21408': 'Permission to send an SMS has not been enabled for the region indicated by the To number',
  '32200': 'SIP: Insufficient permissions',
  '32201': 'SIP: Source IP address not in ACL',
  '32202': 'SIP: Bad user credentials',
  '32203': 'SIP: Call blocked by Twilio',
  '32205': 'SIP Trunking: Geo Permission configuration is not permitting call',
};

export function alertText(errorCode: string): string {
  return ALERT_TEXTS[errorCode] ?? `Error ${errorCode}`;
}

/** An append-only, bounded store of alerts (the oldest are dropped beyond the bound). */
export class MonitorAlertStore {
  private readonly alerts = new BoundedList<MonitorAlert>(MAX_MONITOR_ALERTS);

  record(input: Omit<MonitorAlert, 'sid' | 'dateCreated' | 'alertText'> & { alertText?: string }, now: number): MonitorAlert {
    const alert: MonitorAlert = { ...input, sid: newSid('NO'), alertText: input.alertText ?? alertText(input.errorCode), dateCreated: now };
    this.alerts.push(alert);
    return alert;
  }

  /** An account's alerts, newest first. */
  forAccount(accountSid: string): MonitorAlert[] {
    return this.alerts
      .toArray()
      .filter((a) => a.accountSid === accountSid)
      .reverse();
  }

  clear(): void {
    this.alerts.clear();
  }
}

function moreInfo(alert: MonitorAlert): string {
  return `https://www.twilio.com/docs/errors/${alert.errorCode}`;
}

/** `monitor.v1.alert`, as the list shows it. */
function serializeAlert(alert: MonitorAlert): Record<string, unknown> {
  return {
    account_sid: alert.accountSid,
    alert_text: alert.alertText,
    api_version: '2010-04-01',
    date_created: isoDate(alert.dateCreated),
    date_generated: isoDate(alert.dateGenerated),
    date_updated: isoDate(alert.dateCreated),
    error_code: alert.errorCode,
    log_level: alert.logLevel,
    more_info: moreInfo(alert),
    request_method: alert.requestMethod,
    request_url: alert.requestUrl,
    resource_sid: alert.resourceSid,
    sid: alert.sid,
    url: `${MONITOR_BASE}/Alerts/${alert.sid}`,
    service_sid: alert.serviceSid,
  };
}

/** `monitor.v1.alert-instance`: a fetch adds the request and response details (none recorded). */
function serializeAlertInstance(alert: MonitorAlert): Record<string, unknown> {
  return { ...serializeAlert(alert), request_variables: null, request_headers: null, response_body: null, response_headers: null };
}

/**
 * `StartDate` / `EndDate`: `YYYY-MM-DD` (a date-only end covers that whole day) or
 * `YYYY-MM-DDThh:mm:ssZ`, as Monitor accepts them.
 */
function parseBound(name: string, value: string | null, end: boolean): number | null {
  if (value === null || value === '') return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) {
    throw invalidParameter(`${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`);
  }
  const epoch = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(epoch)) throw invalidParameter(`${name} is not a valid date`);
  return dateOnly && end ? epoch + 24 * 3600 * 1000 - 1 : epoch;
}

/**
 * Monitor v1 Alerts of the credentials' own account (Monitor is a subdomain product: subaccounts
 * need their own credentials): list newest first with `LogLevel`, `StartDate`, `EndDate` filters
 * on `date_generated` and `meta` paging, and fetch by SID.
 */
export function monitorAlertRoutes(store: MonitorAlertStore): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/Alerts`,
      product: 'monitor',
      handler: (ctx) => {
        const level = ctx.query.get('LogLevel');
        if (level !== null && !ALERT_LEVELS.includes(level as AlertLevel)) throw invalidParameter(`LogLevel must be one of ${ALERT_LEVELS.join(', ')}`);
        const from = parseBound('StartDate', ctx.query.get('StartDate'), false);
        const to = parseBound('EndDate', ctx.query.get('EndDate'), true);
        const matching = store
          .forAccount(ctx.principal.accountSid)
          .filter((a) => (level === null || a.logLevel === level) && (from === null || a.dateGenerated >= from) && (to === null || a.dateGenerated <= to))
          .map(serializeAlert);
        const filters: [string, string][] = [];
        for (const name of ['LogLevel', 'StartDate', 'EndDate']) {
          const value = ctx.query.get(name);
          if (value !== null) filters.push([name, value]);
        }
        return { status: 200, body: v1Page(matching, 'alerts', `${MONITOR_BASE}/Alerts`, filters, parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Alerts/:sid`,
      product: 'monitor',
      handler: (ctx) => {
        const alert = store.forAccount(ctx.principal.accountSid).find((a) => a.sid === ctx.params.sid);
        if (!alert) throw notFound(ctx.twilioPath);
        return { status: 200, body: serializeAlertInstance(alert) };
      },
    },
  ];
}
