import type { AccountRegistry } from './account-registry';
import type { CallbackDelivery, CallbackRequest, CallbackSender } from '../core/callbacks';
import { rfc2822Date } from '../core/dates';
import { MAX_FIRING_DELAY_MS } from '../core/limits';
import { gmtDay, type UsageLedger, type UsageTotals } from './usage-ledger';
import { USAGE_TARIFFS, type BillableEvent } from './usage-prices';
import { firedInPeriod, formatUsageValue, periodOf, usageRecordUri, type TriggerValueSource, type UsageTrigger, type UsageTriggerStore } from './usage-triggers';

/**
 * The switchable parts of trigger firing, for what Twilio does not document
 * (account-protection.md sections 1.1 and 5).
 */
export interface UsageFiringConfig {
  /** Delay between a crossing and its callback; Twilio's lag is undocumented. Default 0. */
  firingDelayMs: number;
  /**
   * Whose token signs a trigger's callback: the account that owns the trigger (default,
   * inferred from Twilio's subaccount circuit-breaker article) or its main account.
   */
  signWith: 'trigger-account' | 'main-account';
  /** Whether a main account's trigger counts its subaccounts' usage (default true, inferred). */
  includeSubaccounts: boolean;
}

export const DEFAULT_USAGE_FIRING: Readonly<UsageFiringConfig> = { firingDelayMs: 0, signWith: 'trigger-account', includeSubaccounts: true };

/** Validates a partial firing config over the current one; throws an Error naming the field. */
export function resolveFiringConfig(partial: Partial<Record<keyof UsageFiringConfig, unknown>>, current: UsageFiringConfig): UsageFiringConfig {
  const next = { ...current };
  if (partial.firingDelayMs !== undefined) {
    const ms = partial.firingDelayMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_FIRING_DELAY_MS) throw new Error(`firingDelayMs must be a whole number of milliseconds from 0 to ${MAX_FIRING_DELAY_MS}`);
    next.firingDelayMs = ms;
  }
  if (partial.signWith !== undefined) {
    if (partial.signWith !== 'trigger-account' && partial.signWith !== 'main-account') throw new Error('signWith must be "trigger-account" or "main-account"');
    next.signWith = partial.signWith;
  }
  if (partial.includeSubaccounts !== undefined) {
    if (typeof partial.includeSubaccounts !== 'boolean') throw new Error('includeSubaccounts must be true or false');
    next.includeSubaccounts = partial.includeSubaccounts;
  }
  return next;
}

/**
 * Where usage enters and triggers fire. Every charge (a send the emulator recorded, or usage added
 * through the control API) goes into the ledger, then the triggers watching that account (and its
 * main account's, which count subaccounts) are evaluated at once: a trigger whose current value
 * reached its threshold and that has not fired in this GMT period fires, records `date_fired`,
 * and its signed callback is scheduled after the configured delay.
 */
export class UsageMeter implements TriggerValueSource {
  private firing: UsageFiringConfig = { ...DEFAULT_USAGE_FIRING };

  constructor(
    private readonly ledger: UsageLedger,
    private readonly triggers: UsageTriggerStore,
    private readonly accounts: AccountRegistry,
    private readonly callbacks: CallbackSender,
  ) {}

  get config(): UsageFiringConfig {
    return { ...this.firing };
  }

  configure(config: UsageFiringConfig): void {
    this.firing = { ...config };
  }

  reset(): void {
    this.firing = { ...DEFAULT_USAGE_FIRING };
  }

  /** Charges a send the emulator recorded (`units`: SMS segments, calls, verifications). */
  charge(accountSid: string, event: BillableEvent, units: number, now: number): void {
    const tariff = USAGE_TARIFFS[event];
    this.add(accountSid, tariff.category, { count: units, usage: units, price: units * tariff.unitPrice }, now);
  }

  /** Adds usage to an account's category, then fires the triggers it made cross. */
  add(accountSid: string, category: string, amount: UsageTotals, now: number): void {
    this.ledger.add(accountSid, category, amount, now);
    this.evaluate(accountSid, now);
  }

  /** The accounts whose usage a trigger on `accountSid` counts. */
  scope(accountSid: string): string[] {
    if (!this.firing.includeSubaccounts) return [accountSid];
    return [accountSid, ...this.accounts.childrenOf(accountSid).map((a) => a.sid)];
  }

  currentValue(trigger: Pick<UsageTrigger, 'accountSid' | 'usageCategory' | 'triggerBy' | 'recurring'>, now: number): number {
    const totals = this.ledger.total(this.scope(trigger.accountSid), trigger.usageCategory, periodOf(trigger.recurring, now).range);
    return totals[trigger.triggerBy];
  }

  /** Sends a trigger's last firing again (same fields and IdempotencyToken), or null if it never fired. */
  redeliver(triggerSid: string): Promise<CallbackDelivery> | null {
    const trigger = this.triggers.find(triggerSid);
    if (!trigger || trigger.lastFiring === null) return null;
    return this.callbacks.deliver(this.callbackRequest(trigger, trigger.lastFiring));
  }

  private evaluate(accountSid: string, now: number): void {
    const watchers = [accountSid];
    const parent = this.accounts.parentOf(accountSid);
    if (parent !== null && this.firing.includeSubaccounts) watchers.push(parent);
    for (const sid of watchers) {
      for (const trigger of this.triggers.forAccount(sid)) {
        if (firedInPeriod(trigger, now)) continue;
        const current = this.currentValue(trigger, now);
        // A tolerance for summed decimal prices; values are rounded to 6 decimals.
        if (current + 1e-9 >= trigger.triggerValue) this.fire(trigger, current, now);
      }
    }
  }

  private fire(trigger: UsageTrigger, current: number, now: number): void {
    const params: Record<string, string> = {
      AccountSid: trigger.accountSid,
      UsageTriggerSid: trigger.sid,
      DateFired: rfc2822Date(now),
      Recurring: trigger.recurring,
      UsageCategory: trigger.usageCategory,
      TriggerBy: trigger.triggerBy,
      TriggerValue: formatUsageValue(trigger.triggerValue),
      CurrentValue: formatUsageValue(current),
      UsageRecordUri: usageRecordUri(trigger),
      IdempotencyToken: `${trigger.accountSid}-FIRES-${trigger.sid}-${gmtDay(now)}`,
    };
    trigger.dateFired = now;
    trigger.lastFiring = params;
    this.callbacks.schedule(this.callbackRequest(trigger, params), this.firing.firingDelayMs);
  }

  private callbackRequest(trigger: UsageTrigger, params: Record<string, string>): CallbackRequest {
    const signer = this.firing.signWith === 'main-account' ? (this.accounts.parentOf(trigger.accountSid) ?? trigger.accountSid) : trigger.accountSid;
    return {
      kind: 'usage-trigger',
      url: trigger.callbackUrl,
      method: trigger.callbackMethod,
      params,
      signingAccountSid: signer,
      authToken: this.accounts.tokenOf(signer),
    };
  }
}
