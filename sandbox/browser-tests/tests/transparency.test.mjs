import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, checkPage, docScreenshot, scrollsSideways } from '../lib/browser.mjs';
import { urls, clientToken, api } from '../lib/sandbox.mjs';

let browser;
before(async () => {
  browser = await launch();
  // The report counts ended periods (a second in the sandbox): make sure there is something to
  // count, by the sandbox's client-credential officials (a request filed, then rejected).
  if ((await report()).counts?.length) return;
  const officer = await clientToken('officer-1');
  const supervisor = await clientToken('supervisor-1');
  const filed = await api('POST', '/v1/disclosure-requests', officer, {
    target: { platformId: 'platform-a', accountId: 'browser-transparency' },
    legalBasis: 'VN-CPC-2015-ART88', caseReference: '2026/BROWSER-0001', fields: ['FULL_NAME'],
    justification: 'A request the transparency page has to count, filed by the browser tests.',
  });
  await api('POST', `/v1/disclosure-requests/${filed.id}/reject`, supervisor, { reason: 'Filed only to be counted.' });
  for (let i = 0; i < 50 && !(await report()).counts?.length; i++) await new Promise((r) => setTimeout(r, 200));
});

async function report() {
  return (await fetch(`${urls.gateway}/v1/transparency-report`)).json();
}
after(async () => { await browser?.close(); });

// The public page shows what the public API says, as tables and an inline SVG chart, with no
// script at all and nothing fetched from elsewhere; in both languages, on a phone too.
for (const [lang, locale] of [['vi', 'vi-VN'], ['en', 'en-US']]) {
  test(`the transparency page renders the report as tables and a chart (${lang})`, async () => {
    const shown = await report();
    const page = await newPage(browser, { locale });
    const response = await page.goto(`${urls.web}/transparency?lang=${lang}`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(await page.locator('script').count(), 0, 'no script on the page');

    const chart = page.locator('svg[role="img"]');
    assert.equal(await chart.count(), 1, 'one chart');
    assert.ok((await chart.locator(':scope > title').textContent()).trim().length > 0, 'the chart has a title');
    assert.ok(await page.locator('table').count() >= 2, 'tables: by agency, by basis');

    const body = await page.locator('main').innerText();
    const byAgency = new Map();
    for (const row of shown.counts ?? []) {
      byAgency.set(row.agencyId, (byAgency.get(row.agencyId) ?? 0) + Number(row.count));
    }
    for (const [agency, total] of byAgency) {
      assert.ok(body.includes(agency), `agency ${agency} on the page`);
      const agencyRow = page.locator('table tr', { hasText: agency }).first();
      assert.ok((await agencyRow.innerText()).includes(String(total)), `${agency}: ${total} requests`);
    }
    await checkPage(page, `transparency-${lang}`);
    if (lang === 'en') await docScreenshot(page, 'transparency');
    await page.context().close();
  });
}

test('the transparency page fits a phone without scrolling sideways', async () => {
  const page = await newPage(browser, { mobile: true });
  await page.goto(`${urls.web}/transparency`);
  assert.equal(await scrollsSideways(page), false);
  await checkPage(page, 'transparency-mobile');
  await page.context().close();
});
