import { addLogLine, buildPriceTable, createReportState, finishReport, renderReportHtml, renderReportText } from '../../../src/core/report';
import * as lines from './report-lines';

const HOSTILE = '+4474******56~<script>alert(1)</script>';

function sampleReport() {
  const state = createReportState(lines.SINCE, lines.UNTIL, 300_000, 'account AC123');
  for (const line of [lines.verifySent(60_000, '+4474******56~aaaaaaa1', 'GB'), lines.verifyCountryDenied(120_000, '+3712******01~ccccccc1', 'LV'), lines.inboundCallRejected(180_000, HOSTILE)]) addLogLine(state, line);
  return finishReport(state, buildPriceTable([{ iso_country: 'LV', price_unit: 'USD', outbound_sms_prices: [{ prices: [{ current_price: 0.0889 }] }] }], []));
}

describe('the report renderers', () => {
  it('summarises every section on the terminal', () => {
    const text = renderReportText(sampleReport());
    for (const title of ['Decisions by endpoint', 'Refusals by rule', 'By country', 'By range (masked prefix)', 'Verification conversion per country', 'Adaptive blocks and backoffs', 'Gate mode changes', 'Usage and debugger alerts', 'Callers refused by the TDoS guard', 'Store incidents', 'Money (USD, estimate)']) {
      expect(text).toContain(title);
    }
    expect(text).toMatch(/destinations\.countries\.allow\s+1/);
    expect(text).toContain('not spent (refused): 0.0889 USD');
  });

  it('writes a page that loads nothing from the network and shows log fields as text only', () => {
    const html = renderReportHtml(sampleReport(), { chartLibrary: '/* chart library */ window.Chart = function () {};' });
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('/* chart library */');
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('keeps the embedded data from closing its script element', () => {
    const html = renderReportHtml(sampleReport(), { chartLibrary: '', refreshSeconds: 60 });
    const data = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('<');
    expect(JSON.parse(data).topRefusedCallers[0].caller).toBe(HOSTILE);
    expect(html).toContain('http-equiv="refresh" content="60"');
  });
});
