import type { AccountRegistry } from './account-registry';
import { AccountCode } from './account-state';
import type { MessagingGeoPermissionStore } from '../accounts/messaging-geo-permissions';
import { TwilioApiError } from '../core/errors';
import { parseNumber } from '../core/phone';
import { highRiskSpecialPrefixOf, type DialingPermissionStore } from '../voice/dialing-permission-store';

/**
 * The per-account geo permissions a send must pass, as Twilio enforces them on `Messages.create`
 * (21408) and `Calls.create` (21215): the account's Messaging Geo Permissions, and its Voice
 * Dialing Permissions (its parent's while it inherits), including the high-risk special prefixes.
 * Which code a disabled high-risk prefix gets (21215 or 21216) is unverified; 21215 is used.
 */
export class SendPermissions {
  constructor(
    private readonly dialing: DialingPermissionStore,
    private readonly messaging: MessagingGeoPermissionStore,
    private readonly registry: AccountRegistry,
  ) {}

  checkMessage(accountSid: string, to: string): void {
    const parsed = parseNumber(to);
    if (!parsed.valid || parsed.country === null || this.messaging.enabled(accountSid, parsed.country)) return;
    throw new TwilioApiError(400, AccountCode.SMS_GEO_PERMISSION, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
  }

  checkCall(accountSid: string, to: string): void {
    const parsed = parseNumber(to);
    if (!parsed.valid || parsed.country === null) return;
    const flags = this.dialing.ownFlags(this.dialing.effectiveAccount(accountSid, this.registry.parentOf(accountSid)), parsed.country);
    const premium = highRiskSpecialPrefixOf(parsed.country, parsed.e164) !== null;
    if (flags.lowRisk && (!premium || flags.highRiskSpecial)) return;
    const page = premium ? 'high-risk-special' : 'low-risk';
    throw new TwilioApiError(403, AccountCode.VOICE_GEO_PERMISSION, `Account not authorized to call ${to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/${page}`);
  }
}
