import type twilio from 'twilio';

const HOUR_MS = 3600 * 1000;
/** Calls that are still costing money and that suspension does not end. */
export const LIVE_CALL_STATUSES = ['in-progress', 'ringing', 'queued'] as const;

export interface LiveCall {
  sid: string;
  status: string;
}

/** An inbound caller of the last hour and how often they called. */
export interface RecentCaller {
  number: string;
  calls: number;
}

/**
 * The live calls of an account: `in-progress`, then `ringing`, then `queued` ("in-progress calls
 * will not automatically end when a subaccount is suspended").
 */
export async function readLiveCalls(main: twilio.Twilio, accountSid: string): Promise<LiveCall[]> {
  const calls = main.api.v2010.accounts(accountSid).calls;
  const lists = await Promise.all(LIVE_CALL_STATUSES.map((status) => calls.list({ status, pageSize: 1000 })));
  return lists.flat().map((c) => ({ sid: c.sid, status: c.status }));
}

/**
 * Inbound callers of the last hour across the accounts, most calls first. Calls are listed for
 * the day (the API filters by date) and cut to the hour here.
 */
export async function readRecentCallers(main: twilio.Twilio, accountSids: readonly string[], now: number): Promise<RecentCaller[]> {
  const counts = new Map<string, number>();
  for (const sid of accountSids) {
    const calls = await main.api.v2010.accounts(sid).calls.list({ startTimeAfter: new Date(now - 24 * HOUR_MS), pageSize: 1000 });
    for (const call of calls) {
      const started = (call.startTime ?? call.dateCreated)?.getTime() ?? 0;
      if (call.direction !== 'inbound' || now - started > HOUR_MS || !call.from?.startsWith('+')) continue;
      counts.set(call.from, (counts.get(call.from) ?? 0) + 1);
    }
  }
  return [...counts].map(([number, calls]) => ({ number, calls })).sort((a, b) => b.calls - a.calls);
}
