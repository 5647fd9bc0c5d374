import { join } from 'node:path';
import twilio from 'twilio';
import { ConfigError, parseConfig, type GateConfig } from '../core/config';
import { createTwilioClient } from '../core/twilio';
import type { CliIo } from './cli-io';
import { LOCAL_ENV_FILE, readEnvFile } from './env-file';

export { LOCAL_ENV_FILE } from './env-file';

/** A client for the account (or emulator) the deployment uses, with the deployment's settings. */
export type AccountConnection =
  | { ok: true; client: ReturnType<typeof createTwilioClient>; config: GateConfig & { hashSecret: string }; target: string }
  | { ok: false; problem: string };

/**
 * Connects the way the deployment does: `ACCOUNT_SID`/`AUTH_TOKEN` (and `TWILIO_API_BASE_URL`
 * for an emulator) from the environment or `.env`, or with `local` the `npm start` stack's
 * settings. The deployment's `GATE_*` settings (hash secret, Sync service) decide where entries
 * live, so they are parsed the same way. Never throws for bad settings: `problem` says what to fix.
 *
 * @example
 * const connection = connectAccount(io, false);
 * if (!connection.ok) return usageError(io, 'deny add', connection.problem);
 */
export function connectAccount(io: CliIo, local: boolean): AccountConnection {
  const env: Record<string, string | undefined> = { ...(io.env ?? {}) };
  if (local) {
    const file = join(io.cwd ?? process.cwd(), LOCAL_ENV_FILE);
    const settings = readEnvFile(file);
    if (Object.keys(settings).length === 0) return { ok: false, problem: `--local: ${file} not found; start the local stack with 'npm start' first` };
    Object.assign(env, settings);
  }
  const accountSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!accountSid || !authToken) return { ok: false, problem: 'set ACCOUNT_SID and AUTH_TOKEN (in .env or the environment), or use --local for the npm start stack' };
  let config;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problem: error.message };
    throw error;
  }
  const { hashSecret } = config;
  if (!hashSecret) return { ok: false, problem: "GATE_HASH_SECRET is not set: use the deployment's value, so entries are keyed as the gates read them" };
  const client = createTwilioClient(
    {
      ACCOUNT_SID: accountSid,
      AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: env.TWILIO_API_BASE_URL,
      getTwilioClient: (options?: { timeout?: number }) => twilio(accountSid, authToken, options),
    },
    { timeoutMs: config.twilioTimeoutMs },
  );
  return { ok: true, client, config: { ...config, hashSecret }, target: env.TWILIO_API_BASE_URL ? `emulator at ${env.TWILIO_API_BASE_URL}` : `account ${accountSid}` };
}
