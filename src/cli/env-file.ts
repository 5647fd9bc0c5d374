import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Settings `npm start` writes for the local stack. */
export const LOCAL_ENV_FILE = join('.gatekeeper', 'local.env');

/**
 * Reads a dotenv-style file (`KEY=VALUE` lines, `#` comments, optional quotes), the format
 * twilio-run reads `.env` in. Returns an empty object when the file does not exist.
 */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}
