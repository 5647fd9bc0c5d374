import { PRICING_FIXTURE } from '../../emulator/pricing/pricing-fixture';
import { caught, lastBody, startHarness, type ContractHarness } from './harness';
import { expectValid, responseValidator } from './openapi';

// Pricing API country prices from the emulator's fixture, through the real twilio client
// (bodies checked against twilio_pricing_v1.json and twilio_pricing_v2.json).
let h: ContractHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.emulator.close());

describe('Pricing', () => {
  it('serves outbound SMS prices of a country per carrier (Messaging v1)', async () => {
    const country = await h.client.pricing.v1.messaging.countries('GB').fetch();
    expectValid(responseValidator('twilio_pricing_v1', '/v1/Messaging/Countries/{IsoCountry}', 'get', 200), lastBody(h.client));
    expect(country.isoCountry).toBe('GB');
    expect(country.outboundSmsPrices.map((carrier) => (carrier as { prices: { current_price: number }[] }).prices[0].current_price)).toEqual(PRICING_FIXTURE.GB.sms.map((c) => c.mobile));
  });

  it('serves outbound voice prices per prefix (Voice v1 and v2)', async () => {
    const v1 = await h.client.pricing.v1.voice.countries('LV').fetch();
    expectValid(responseValidator('twilio_pricing_v1', '/v1/Voice/Countries/{IsoCountry}', 'get', 200), lastBody(h.client));
    expect(v1.outboundPrefixPrices).toEqual(PRICING_FIXTURE.LV.voice.map((v) => expect.objectContaining({ prefixes: v.prefixes, currentPrice: v.perMinute })));
    await h.client.pricing.v2.voice.countries('LV').fetch();
    expectValid(responseValidator('twilio_pricing_v2', '/v2/Voice/Countries/{IsoCountry}', 'get', 200), lastBody(h.client));
  });

  it('answers 404 for a country outside the fixture', async () => {
    const error = await caught(() => h.client.pricing.v1.messaging.countries('ZZ').fetch());
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });
});
