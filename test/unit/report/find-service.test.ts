import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployedServiceSid, findServiceTarget } from '../../../src/cli/report/find-service';
import type { LogsAnswer } from '../../../src/cli/report/serverless-log-source';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const SERVICE = `ZS${'2'.repeat(32)}`;
const PRODUCTION = { sid: `ZE${'3'.repeat(32)}`, unique_name: 'production', domain_suffix: null };
const STAGING = { sid: `ZE${'4'.repeat(32)}`, unique_name: 'staging', domain_suffix: 'stage' };

/** A Serverless API with one service (found by SID or by the name `gatekeeper`) and the given environments. */
function serverless(environments: object[]) {
  const asked: string[] = [];
  const fetch = async (url: string): Promise<LogsAnswer> => {
    asked.push(url);
    const path = new URL(url).pathname;
    if (path === `/v1/Services/${SERVICE}` || path === '/v1/Services/gatekeeper') return { status: 200, body: { sid: SERVICE } };
    if (path === `/v1/Services/${SERVICE}/Environments`) return { status: 200, body: { environments } };
    return { status: 404, body: {} };
  };
  return { fetch, asked };
}

describe('finding the deployment whose logs to read', () => {
  it('reads the service twilio-run recorded for the account in .twiliodeployinfo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatekeeper-deployinfo-'));
    expect(deployedServiceSid(dir, ACCOUNT)).toBeUndefined();
    writeFileSync(join(dir, '.twiliodeployinfo'), JSON.stringify({ [ACCOUNT]: { serviceSid: SERVICE, latestBuild: `ZB${'5'.repeat(32)}` } }));
    expect(deployedServiceSid(dir, ACCOUNT)).toBe(SERVICE);
    expect(deployedServiceSid(dir, `AC${'9'.repeat(32)}`)).toBeUndefined();
  });

  it('takes the only environment of the service named gatekeeper by default', async () => {
    const api = serverless([PRODUCTION]);
    expect(await findServiceTarget(api.fetch, {})).toEqual({ ok: true, serviceSid: SERVICE, environmentSid: PRODUCTION.sid, label: `service ${SERVICE}, environment production` });
  });

  it('asks for --environment when the service has several, and finds one by name or domain suffix', async () => {
    const api = serverless([PRODUCTION, STAGING]);
    expect(await findServiceTarget(api.fetch, { deployedSid: SERVICE })).toEqual({ ok: false, problem: expect.stringContaining('pass --environment NAME') });
    expect(await findServiceTarget(api.fetch, { deployedSid: SERVICE, environment: 'stage' })).toMatchObject({ ok: true, environmentSid: STAGING.sid });
    expect(await findServiceTarget(api.fetch, { deployedSid: SERVICE, environment: 'qa' })).toEqual({ ok: false, problem: expect.stringContaining("no environment 'qa'") });
  });

  it('says how to name the service when it is not found', async () => {
    const api = serverless([]);
    expect(await findServiceTarget(api.fetch, { service: 'elsewhere' })).toEqual({ ok: false, problem: expect.stringContaining('pass --service ZS...') });
  });
});
