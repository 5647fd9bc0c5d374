import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonBody } from './client-fetch';
import type { LogsFetch } from './serverless-log-source';

/** The Service and Environment whose logs a report reads. */
export type ServiceTarget = { ok: true; serviceSid: string; environmentSid: string; label: string } | { ok: false; problem: string };

/** The Service `npm start` creates in the emulator. */
export const LOCAL_SERVICE_NAME = 'gatekeeper';

const SERVERLESS = 'https://serverless.twilio.com/v1';

/** The Service SID twilio-run's deploy recorded for the account in `.twiliodeployinfo`. */
export function deployedServiceSid(cwd: string, accountSid: string): string | undefined {
  const file = join(cwd, '.twiliodeployinfo');
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { serviceSid?: unknown }>;
    const sid = info[accountSid]?.serviceSid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

async function list<T>(fetch: LogsFetch, url: string, key: string): Promise<T[] | string> {
  const answer = await fetch(url);
  if (answer.status === 404) return `${url.replace(SERVERLESS, '')} was not found`;
  if (answer.status !== 200) return `the Serverless API answered HTTP ${answer.status} for ${url.replace(SERVERLESS, '')}`;
  return (jsonBody<Record<string, T[]>>(answer.body)[key] ?? []) as T[];
}

/**
 * Finds the Service (flag, else `.twiliodeployinfo`, else the one named `gatekeeper`) and its
 * Environment (flag, else the only one; with several, the flag is required), as SIDs.
 */
export async function findServiceTarget(fetch: LogsFetch, input: { service?: string; environment?: string; deployedSid?: string }): Promise<ServiceTarget> {
  const serviceRef = input.service ?? input.deployedSid ?? LOCAL_SERVICE_NAME;
  const service = await fetch(`${SERVERLESS}/Services/${encodeURIComponent(serviceRef)}`);
  if (service.status !== 200) {
    return { ok: false, problem: `Serverless Service '${serviceRef}' not found (HTTP ${service.status}): pass --service ZS... (twilio serverless:list shows it)` };
  }
  const serviceSid = jsonBody<{ sid: string }>(service.body).sid;
  const environments = await list<{ sid: string; unique_name: string; domain_suffix: string | null }>(fetch, `${SERVERLESS}/Services/${serviceSid}/Environments`, 'environments');
  if (typeof environments === 'string') return { ok: false, problem: environments };
  const wanted = input.environment;
  const matching = wanted ? environments.filter((e) => e.sid === wanted || e.unique_name === wanted || e.domain_suffix === wanted) : environments;
  if (matching.length === 1) return { ok: true, serviceSid, environmentSid: matching[0].sid, label: `service ${serviceSid}, environment ${matching[0].unique_name}` };
  const names = environments.map((e) => e.unique_name).join(', ') || 'none';
  return { ok: false, problem: wanted ? `no environment '${wanted}' in service ${serviceSid} (it has: ${names})` : `service ${serviceSid} has ${environments.length} environments (${names}): pass --environment NAME` };
}
