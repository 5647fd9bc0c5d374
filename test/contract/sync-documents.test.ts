import { createSyncGateModeStore, GATE_MODE_DOCUMENT } from '../../src/core/gate-mode';
import { caught, useContractHarness } from './harness';
import { lastResponseChecks } from './last-response';

// Sync v1 Documents through the real twilio client, every body checked against twilio_sync_v1.json.
const DOCUMENTS = '/v1/Services/{ServiceSid}/Documents';
const DOCUMENT = '/v1/Services/{ServiceSid}/Documents/{Sid}';

const h = useContractHarness();

const documents = () => h.client.sync.v1.services('default').documents;
const { expectBody, expectError } = lastResponseChecks('twilio_sync_v1', () => h.client);

describe('Sync Documents', () => {
  it('creates a document and fetches it by SID and by unique name', async () => {
    const created = await documents().create({ uniqueName: 'gate-mode', data: { mode: 'strict' } });
    expectBody(DOCUMENTS, 'post', 201);
    expect(created.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(created.revision).toBe('0');
    expect((await documents()(created.sid).fetch()).data).toEqual({ mode: 'strict' });
    expectBody(DOCUMENT, 'get', 200);
    expect((await documents()('gate-mode').fetch()).sid).toBe(created.sid);
  });

  it('moves the revision on update and refuses a stale If-Match with 412 / 54103', async () => {
    await documents().create({ uniqueName: 'doc', data: { a: 1 } });
    const updated = await documents()('doc').update({ data: { a: 2 }, ifMatch: '0' });
    expectBody(DOCUMENT, 'post', 200);
    expect(updated.revision).toBe('1');
    const error = await caught(() => documents()('doc').update({ data: { a: 3 }, ifMatch: '0' }));
    expect(error).toMatchObject({ status: 412, code: 54103 });
    expect((await documents()('doc').fetch()).data).toEqual({ a: 2 });
  });

  it('answers 404 / 54100 for a missing document', async () => {
    const error = await caught(() => documents()('nope').fetch());
    expect(error).toMatchObject({ status: 404, code: 54100 });
    expectError(DOCUMENT, 'get', 404, 54100);
  });

  it('refuses a taken unique name with 409 / 54301', async () => {
    await documents().create({ uniqueName: 'twice', data: {} });
    const error = await caught(() => documents().create({ uniqueName: 'twice', data: {} }));
    expect(error).toMatchObject({ status: 409, code: 54301 });
  });

  it('refuses Data that is not a JSON object', async () => {
    const error = await caught(() => documents().create({ uniqueName: 'bad', data: '[1]' }));
    expect(error).toMatchObject({ status: 400 });
  });

  it('lists documents and deletes one', async () => {
    await documents().create({ uniqueName: 'one', data: {} });
    expect((await documents().list()).map((d) => d.uniqueName)).toEqual(['one']);
    expectBody(DOCUMENTS, 'get', 200);
    await documents()('one').remove();
    expect(await documents().list()).toEqual([]);
  });

  it('expires a document after its TTL', async () => {
    await h.control.reset();
    await documents().create({ uniqueName: 'short', data: {}, ttl: 1 });
    await h.control.advanceClock(1_000);
    const error = await caught(() => documents()('short').fetch());
    expect(error).toMatchObject({ status: 404, code: 54100 });
  });
});

describe('the gate mode store on Sync Documents', () => {
  const store = () => createSyncGateModeStore({ client: h.client });
  const lockdown = { mode: 'lockdown' as const, reason: 'test', since: 1, until: null, by: 'cli' };

  it('reads absent before anything was written', async () => {
    expect(await store().read()).toEqual({ kind: 'absent' });
  });

  it('creates the document on first write and replaces it after', async () => {
    await store().write(lockdown);
    expect(await store().read()).toEqual({ kind: 'document', document: lockdown });
    await store().write({ ...lockdown, mode: 'normal' });
    expect(await store().read()).toMatchObject({ kind: 'document', document: { mode: 'normal' } });
    expect((await documents()(GATE_MODE_DOCUMENT).fetch()).revision).toBe('1');
  });

  it('reports a document that is not a gate mode as invalid', async () => {
    await documents().create({ uniqueName: GATE_MODE_DOCUMENT, data: { mode: 'panic' } });
    expect(await store().read()).toEqual({ kind: 'invalid' });
  });

  it('turns a rate-limited read into a StoreError', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Documents/:doc', kind: '429', count: 1 });
    await expect(store().read()).rejects.toMatchObject({ name: 'StoreError', reason: 'rate_limited' });
  });
});
