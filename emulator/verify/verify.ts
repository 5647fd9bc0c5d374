import { isoDate } from '../core/dates';
import { supportedVerifyLocale } from '../../src/core/verify/verify-locales';
import { notFound } from '../core/errors';
import type { EmulatorOutput } from '../core/output';
import { parsePageRequest, v1Page } from '../core/paging';
import { isValidE164 } from '../core/phone';
import type { ApiResponse, RouteContext, RouteDefinition } from '../core/router';
import type { VerifyRateLimitStore } from './verify-rate-limit-store';
import { parseRateLimitKeys } from './verify-rate-limits';
import {
  DEFAULT_CODE_LENGTH,
  invalidVerifyParameter as invalid,
  type Verification,
  type VerificationChannel,
  type VerifyService,
  type VerifyStore,
} from './verify-store';

const VERIFY_BASE = 'https://verify.twilio.com/v2';
const PREFIX = '/verify/v2';
const MAX_FRIENDLY_NAME = 30;
const CHANNELS = new Set(['sms', 'call', 'email', 'whatsapp', 'sna', 'auto']);

function serviceUrl(service: VerifyService): string {
  return `${VERIFY_BASE}/Services/${service.sid}`;
}

/** `verify.v2.service`. */
export function serializeVerifyService(service: VerifyService): Record<string, unknown> {
  const url = serviceUrl(service);
  return {
    sid: service.sid,
    account_sid: service.accountSid,
    friendly_name: service.friendlyName,
    code_length: service.codeLength,
    lookup_enabled: service.lookupEnabled,
    psd2_enabled: service.psd2Enabled,
    skip_sms_to_landlines: service.skipSmsToLandlines,
    dtmf_input_required: service.dtmfInputRequired,
    tts_name: service.ttsName,
    do_not_share_warning_enabled: service.doNotShareWarningEnabled,
    custom_code_enabled: service.customCodeEnabled,
    push: { include_date: false, apn_credential_sid: null, fcm_credential_sid: null },
    totp: { issuer: service.friendlyName, time_step: 30, code_length: 6, skew: 1 },
    default_template_sid: null,
    whatsapp: { msg_service_sid: null, from: null },
    passkeys: null,
    verify_event_subscription_enabled: false,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    url,
    links: {
      verification_checks: `${url}/VerificationCheck`,
      verifications: `${url}/Verifications`,
      rate_limits: `${url}/RateLimits`,
      messaging_configurations: `${url}/MessagingConfigurations`,
      entities: `${url}/Entities`,
      webhooks: `${url}/Webhooks`,
      access_tokens: `${url}/AccessTokens`,
    },
  };
}

/** `verify.v2.service.verification`. */
export function serializeVerification(verification: Verification): Record<string, unknown> {
  return {
    sid: verification.sid,
    service_sid: verification.serviceSid,
    account_sid: verification.accountSid,
    to: verification.to,
    channel: verification.channel,
    status: verification.status,
    valid: verification.status === 'approved',
    lookup: {},
    amount: null,
    payee: null,
    send_code_attempts: verification.sendAttempts.map((attempt) => ({
      attempt_sid: attempt.attemptSid,
      channel: attempt.channel,
      time: isoDate(attempt.time),
    })),
    date_created: isoDate(verification.dateCreated),
    date_updated: isoDate(verification.dateUpdated),
    sna: null,
    url: `${VERIFY_BASE}/Services/${verification.serviceSid}/Verifications/${verification.sid}`,
  };
}

/** `verify.v2.service.verification_check`: a wrong code reads `pending`, a right one `approved`. */
export function serializeVerificationCheck(verification: Verification, approved: boolean): Record<string, unknown> {
  return {
    sid: verification.sid,
    service_sid: verification.serviceSid,
    account_sid: verification.accountSid,
    to: verification.to,
    channel: verification.channel,
    status: approved ? 'approved' : 'pending',
    valid: approved,
    amount: null,
    payee: null,
    date_created: isoDate(verification.dateCreated),
    date_updated: isoDate(verification.dateUpdated),
    sna_attempts_error_codes: [],
  };
}

function parseFlag(form: URLSearchParams, name: string): boolean {
  const raw = form.get(name);
  if (raw === null) return false;
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  throw invalid(name, 'expected true or false');
}

function parseCodeLength(raw: string | null): number {
  if (raw === null) return DEFAULT_CODE_LENGTH;
  const value = Number(raw);
  if (!/^\d{1,2}$/.test(raw) || value < 4 || value > 10) throw invalid('CodeLength', 'expected a whole number from 4 to 10');
  return value;
}

/** `To` for a channel: an E.164 number, or an email address for `email`. */
function parseRecipient(to: string | null, channel: string): string {
  if (to === null || to.length === 0) throw invalid('To', 'required');
  if (channel === 'email') {
    if (to.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) throw invalid('To', 'not an email address');
    return to;
  }
  if (!isValidE164(to)) throw invalid('To', 'not a valid phone number in E.164 format, e.g. +15017122661');
  return to;
}

/**
 * Verify v2: Services (create, fetch, list), Verifications (create, fetch, update status) and
 * VerificationCheck, with a local code printed to the console and kept for the test-only
 * `GET /__emulator/verify/codes?to=` route. Starts are subject to the Service Rate Limits they
 * name (verify-rate-limits.ts).
 */
export function verifyRoutes(store: VerifyStore, rateLimits: VerifyRateLimitStore, output: EmulatorOutput): RouteDefinition[] {
  const service = (ctx: RouteContext): VerifyService => {
    const found = store.getService(ctx.params.svc);
    if (!found) throw notFound(ctx.twilioPath);
    return found;
  };

  const startVerification = (ctx: RouteContext): ApiResponse => {
    ctx.accounts.requireActive(ctx.principal.accountSid);
    const svc = service(ctx);
    const channelParam = ctx.form.get('Channel');
    if (channelParam === null || !CHANNELS.has(channelParam)) throw invalid('Channel', 'expected one of sms, call, email, whatsapp, sna, auto');
    const to = parseRecipient(ctx.form.get('To'), channelParam);
    const localeParam = ctx.form.get('Locale');
    // Verify answers an override it has no translation for with 404 (its supported-languages page).
    const locale = localeParam === null ? null : supportedVerifyLocale(localeParam);
    if (locale === undefined) throw notFound(ctx.twilioPath);
    const rateLimitKeys = parseRateLimitKeys(ctx.form.get('RateLimits'));
    // `auto` lets Twilio choose the channel; the emulator always chooses SMS.
    const channel = (channelParam === 'auto' ? 'sms' : channelParam) as VerificationChannel;
    const admission = rateLimits.admit(svc.sid, rateLimitKeys, ctx.now);
    const { verification } = store.start(svc, { to, channel, locale, accountSid: ctx.principal.accountSid }, ctx.now);
    // Counted only now: a start refused by the built-in send cap (60203) uses no Rate Limit quota.
    admission.commit();
    ctx.usage.charge(ctx.principal.accountSid, 'verification', 1, ctx.now);
    output.verificationCode(verification.to, verification.code);
    return { status: 201, body: serializeVerification(verification) };
  };

  const checkVerification = (ctx: RouteContext): ApiResponse => {
    const svc = service(ctx);
    const code = ctx.form.get('Code');
    if (code === null || !/^[0-9]{4,10}$/.test(code)) throw invalid('Code', 'expected 4 to 10 digits');
    const to = ctx.form.get('To') ?? undefined;
    const verificationSid = ctx.form.get('VerificationSid') ?? undefined;
    if (to === undefined && verificationSid === undefined) throw invalid('To', 'give To or VerificationSid');
    const result = store.check(svc, { to, verificationSid }, code, ctx.now);
    if (!result) throw notFound(ctx.twilioPath);
    return { status: 200, body: serializeVerificationCheck(result.verification, result.approved) };
  };

  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/Services`,
      product: 'verify',
      handler: (ctx) => ({
        status: 200,
        body: v1Page(store.listServices().map(serializeVerifyService), 'services', `${VERIFY_BASE}/Services`, [], parsePageRequest(ctx.query)),
      }),
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services`,
      product: 'verify',
      handler: (ctx) => {
        const friendlyName = ctx.form.get('FriendlyName');
        if (friendlyName === null || friendlyName.length === 0) throw invalid('FriendlyName', 'required');
        if (friendlyName.length > MAX_FRIENDLY_NAME) throw invalid('FriendlyName', `at most ${MAX_FRIENDLY_NAME} characters`);
        const created = store.createService(
          {
            accountSid: ctx.principal.accountSid,
            friendlyName,
            codeLength: parseCodeLength(ctx.form.get('CodeLength')),
            lookupEnabled: parseFlag(ctx.form, 'LookupEnabled'),
            skipSmsToLandlines: parseFlag(ctx.form, 'SkipSmsToLandlines'),
            dtmfInputRequired: parseFlag(ctx.form, 'DtmfInputRequired'),
            doNotShareWarningEnabled: parseFlag(ctx.form, 'DoNotShareWarningEnabled'),
            customCodeEnabled: parseFlag(ctx.form, 'CustomCodeEnabled'),
            psd2Enabled: parseFlag(ctx.form, 'Psd2Enabled'),
            ttsName: ctx.form.get('TtsName'),
          },
          ctx.now,
        );
        return { status: 201, body: serializeVerifyService(created) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc`,
      product: 'verify',
      handler: (ctx) => ({ status: 200, body: serializeVerifyService(service(ctx)) }),
    },
    { method: 'POST', pattern: `${PREFIX}/Services/:svc/Verifications`, product: 'verify', handler: startVerification },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Verifications/:sid`,
      product: 'verify',
      handler: (ctx) => {
        const verification = store.getVerification(service(ctx), ctx.params.sid, ctx.now);
        if (!verification) throw notFound(ctx.twilioPath);
        return { status: 200, body: serializeVerification(verification) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Verifications/:sid`,
      product: 'verify',
      handler: (ctx) => {
        const verification = store.getVerification(service(ctx), ctx.params.sid, ctx.now);
        if (!verification || verification.status !== 'pending') throw notFound(ctx.twilioPath);
        const status = ctx.form.get('Status');
        if (status !== 'canceled' && status !== 'approved') throw invalid('Status', 'expected canceled or approved');
        store.setStatus(verification, status, ctx.now);
        return { status: 200, body: serializeVerification(verification) };
      },
    },
    { method: 'POST', pattern: `${PREFIX}/Services/:svc/VerificationCheck`, product: 'verify', handler: checkVerification },
  ];
}
