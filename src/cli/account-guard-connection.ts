import { join } from 'node:path';
import twilio from 'twilio';
import { createTwilioClient } from '../core/twilio';
import { listAccounts, readAccount, type AccountSnapshot, type SubaccountScope } from '../core/audit';
import type { CliIo } from './cli-io';
import { LOCAL_ENV_FILE, readEnvFile } from './env-file';

/** Per-request timeout of the guard's reads and writes: a CLI may wait longer than a Function (3 s). */
const READ_TIMEOUT_MS = 8000;

/** A connection for the account guard commands (audit, harden, lockdown). */
export interface GuardConnection {
  mainSid: string;
  /** The main account's client: its own products and its subaccounts' 2010 API paths. */
  main: twilio.Twilio;
  /** A client authenticated as another account (a subaccount, with its own token). */
  clientFor(accountSid: string, authToken: string): twilio.Twilio;
  /** What is being touched, e.g. `account AC...` or `emulator at http://127.0.0.1:4010`. */
  target: string;
  /** The settings read (environment or the local stack's), for options that default from them. */
  env: Record<string, string | undefined>;
}

/** Why an API key cannot drive the account guard: audit reports it as a run that could not happen (exit 3). */
export const API_KEY_PROBLEM =
  "ACCOUNT_SID holds an API key SID: the account guard needs the main account's SID and Auth Token (Standard API keys cannot read accounts or keys)";

/**
 * Connects with `ACCOUNT_SID` / `AUTH_TOKEN` from the environment or `.env`, or with `local`
 * the settings `npm start` wrote. The Auth Token (or a Main API key) is needed: Standard keys
 * cannot read `/Accounts` or `/Keys`. Returns a problem string instead of throwing.
 */
export function connectGuard(io: CliIo, local: boolean): GuardConnection | string {
  const env: Record<string, string | undefined> = { ...(io.env ?? {}) };
  if (local) {
    const file = join(io.cwd ?? process.cwd(), LOCAL_ENV_FILE);
    const settings = readEnvFile(file);
    if (Object.keys(settings).length === 0) return `--local: ${file} not found; start the local stack with 'npm start' first`;
    Object.assign(env, settings);
  }
  const mainSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!mainSid || !authToken) return 'set ACCOUNT_SID and AUTH_TOKEN (in .env or the environment), or use --local for the npm start stack';
  if (mainSid.startsWith('SK')) return API_KEY_PROBLEM;
  const clientFor = (accountSid: string, token: string) =>
    createTwilioClient(
      {
        ACCOUNT_SID: accountSid,
        AUTH_TOKEN: token,
        TWILIO_API_BASE_URL: env.TWILIO_API_BASE_URL,
        getTwilioClient: (options?: { timeout?: number }) => twilio(accountSid, token, options),
      },
      { timeoutMs: READ_TIMEOUT_MS },
    );
  return { mainSid, main: clientFor(mainSid, authToken), clientFor, target: env.TWILIO_API_BASE_URL ? `emulator at ${env.TWILIO_API_BASE_URL}` : `account ${mainSid}`, env };
}

/** The gate's base URL: `--gate-url`, else the local stack's own origin, else null (gate checks then cannot run). */
export function resolveGateUrl(option: string | undefined, env: Record<string, string | undefined>, local: boolean): string | null | Error {
  if (option !== undefined) {
    if (!/^https?:\/\/[^/\s?#]+\/?$/.test(option)) return new Error(`--gate-url '${option.slice(0, 80)}' is not a base URL such as https://gatekeeper-1234-dev.twil.io`);
    return option.replace(/\/$/, '');
  }
  if (!local) return null;
  const origins = (env.GATE_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim());
  return origins.find((o) => /^http:\/\/127\.0\.0\.1:\d+$/.test(o)) ?? null;
}

/** Parses `--subaccounts all|none|AC...,AC...`. */
export function parseSubaccountScope(value: string | undefined): SubaccountScope | Error {
  if (value === undefined || value === 'all') return { kind: 'all' };
  if (value === 'none') return { kind: 'none' };
  const sids = value.split(',').map((s) => s.trim());
  const bad = sids.find((s) => !/^AC[0-9a-fA-F]{32}$/.test(s));
  if (bad !== undefined) return new Error(`--subaccounts: '${bad.slice(0, 40)}' is not all, none or a subaccount SID (AC + 32 hex digits)`);
  return { kind: 'list', sids };
}

/**
 * Lists the main account and the subaccounts in scope and reads each one (one account at a time,
 * its parts at once). Subaccounts are read with a client built from their own token, which the
 * accounts list gives to the main account and which is never printed. Returns the snapshots, or
 * an Error when the accounts cannot be listed or a listed subaccount does not exist.
 */
export async function readScope(connection: GuardConnection, scope: SubaccountScope, now: number): Promise<AccountSnapshot[] | Error> {
  let listed;
  try {
    listed = await listAccounts(connection.main, connection.mainSid, scope);
  } catch (error) {
    const e = error as { status?: unknown };
    const detail = typeof e.status === 'number' ? `HTTP ${e.status}` : (error as Error).message;
    return new Error(`cannot list the accounts (${detail}); the account guard needs the main account's Auth Token or a Main API key (Standard keys cannot read accounts or keys)`);
  }
  if (scope.kind === 'list') {
    const missing = scope.sids.find((sid) => !listed.subaccounts.some((s) => s.sid === sid));
    if (missing !== undefined) return new Error(`--subaccounts: ${missing} is not a subaccount of ${connection.mainSid}`);
  }
  const snapshots: AccountSnapshot[] = [await readAccount(connection.main, { ...listed.main, role: 'main', own: connection.main }, now)];
  const mainVoice = snapshots[0].voice;
  for (const sub of listed.subaccounts) {
    const own = sub.authToken ? connection.clientFor(sub.sid, sub.authToken) : connection.main;
    const snapshot = await readAccount(connection.main, { ...sub, role: 'subaccount', own }, now);
    // A subaccount with its own dialing permissions is compared with the main account's (VOICE-INHERIT).
    const withParent = snapshot.voice.ok && !snapshot.voice.value.inherits && mainVoice.ok ? { ...snapshot, voice: { ok: true as const, value: { ...snapshot.voice.value, parentCountries: mainVoice.value.countries } } } : snapshot;
    snapshots.push(withParent);
  }
  return snapshots;
}
