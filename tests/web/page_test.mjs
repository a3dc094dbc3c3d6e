// Drives the analyst's page in Debian's Chromium (headless, through
// playwright-core) against a running fazhi-gateway, as an analyst would:
// open a county, read coverage and figures, sort, pick an indicator, click
// a bar and a report, see the evidence highlighted, follow an export link.
// Every check compares what the page shows with what the JSON routes say.
// Screenshots go to SHOTS_DIR. Exit 0 when all checks pass.
//   node tests/web/page_test.mjs BASE_URL COUNTY YEAR YEAR_A SHOTS_DIR
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../services/gateway/web/package.json'));
const {chromium} = require('playwright-core');

const [base, county, year, yearA, shots] = process.argv.slice(2);
const json = async (route) => {
  const r = await fetch(base + route);
  assert.equal(r.status, 200, `${route}: HTTP ${r.status}`);
  return r.json();
};

const stats = await json(`/v1/stats?county=${county}&year=${year}`);
const catalog = await json('/v1/indicators');
const labels = Object.fromEntries(catalog.indicators.map((i) => [i.id, i.label_zh]));
const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({viewport: {width: 1400, height: 1000}});
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push('console: ' + m.text()));

  // A first visit: the pickers fill from the gazetteer, nothing is chosen.
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="idle"]');
  const provinces = await page.locator('#province option').count();
  assert.ok(provinces >= 31, `province picker holds ${provinces} entries`);

  // Choosing the county with the pickers, as an analyst does.
  await page.selectOption('#province', county.slice(0, 2));
  await page.waitForFunction((c) => [...document.querySelectorAll('#city option')]
      .some((o) => o.value === c), county.slice(0, 4));
  await page.selectOption('#city', county.slice(0, 4));
  await page.waitForFunction((c) => [...document.querySelectorAll('#county option')]
      .some((o) => o.value === c), county);
  await page.selectOption('#county', county);
  await page.selectOption('#year', year);
  await page.selectOption('#year-a', yearA);
  await page.click('#show');
  await page.waitForSelector('body[data-ready="dashboard"]');
  assert.ok((await page.textContent('#title')).includes(stats.county_name));

  // Coverage: the cards say what the statistics say.
  const card = async (name) => Number(await page.locator('.card', {hasText: name})
      .locator('strong').textContent());
  assert.equal(await card('乡镇（街道）总数'), stats.townships_total);
  assert.equal(await card('已报送'), stats.reports_received);
  assert.equal(await card('未报送'), (stats.townships_missing || []).length);
  for (const missing of stats.townships_missing || []) {
    assert.ok((await page.textContent('#coverage-lists')).includes(missing), missing);
  }

  // The county's reports, one row per township that filed.
  const filed = await page.locator('#reports tbody tr td:first-child').allTextContents();
  for (const r of stats.reports || []) assert.ok(filed.includes(r.entity_name), r.entity_name);
  assert.equal(filed.length, (stats.reports || []).length);

  // The indicator table: one row per indicator, Chinese names, and no sum
  // for a rate.
  const rows = page.locator('#indicators tbody tr');
  assert.equal(await rows.count(), stats.indicators.length);
  const firstCells = await page.locator('#indicators tbody tr td:first-child').allTextContents();
  for (const i of stats.indicators) {
    assert.ok(firstCells.includes(labels[i.id]), `row for ${i.id} named ${labels[i.id]}`);
    if (i.is_rate) {
      const row = page.locator('#indicators tbody tr', {hasText: labels[i.id]});
      assert.ok((await row.locator('td').nth(2).textContent()).includes('不求和'), i.id);
    }
  }
  // Sorting by the sum, twice: descending puts the largest count first.
  await page.click('#indicators th[data-key="sum"]');
  await page.click('#indicators th[data-key="sum"]');
  const counts = stats.indicators.filter((i) => !i.is_rate);
  const largest = counts.reduce((a, b) => (Number(a.sum) >= Number(b.sum) ? a : b));
  assert.equal(await page.locator('#indicators tbody tr td:first-child').first().textContent(),
               labels[largest.id]);

  // A row's chart: one bar per township stating it.
  const petitions = stats.indicators.find((i) => i.id === 'petitions') || counts[0];
  await page.locator('#indicators tbody tr', {hasText: labels[petitions.id]}).first().click();
  await page.waitForFunction((id) => document.querySelector('#chart').dataset.indicator === id,
                             petitions.id);
  assert.equal(Number(await page.getAttribute('#chart', 'data-bars')),
               petitions.values.length);
  assert.ok(await page.locator('#chart canvas').count() >= 1, 'ECharts drew the chart');
  assert.ok(await page.locator('#change-chart canvas').count() >= 1, 'the change chart');
  assert.ok((await page.locator('#changes tbody tr').count()) > 0, 'year-on-year rows');
  // A rate changes in percentage points, never by its sums.
  const cmp = await json(`/v1/compare?county=${county}&year_a=${yearA}&year_b=${year}`);
  const rated = cmp.indicators.filter((i) => i.is_rate && i.change_points !== undefined &&
                                             labels[i.id]);
  assert.ok(rated.length > 0, 'the sample county states a rate in both years');
  for (const c of rated) {
    const row = page.locator('#changes tbody tr', {hasText: labels[c.id]}).first();
    assert.ok((await row.textContent()).includes('个百分点'), c.id);
  }
  // Coverage counts publication three ways.
  assert.equal(await card('按期发布') + await card('逾期发布') + await card('发布日期不明'),
               (stats.reports || []).length);
  await page.screenshot({path: path.join(shots, 'dashboard.png'), fullPage: true});

  // Export links answer with the files, CSV with its BOM.
  const csvHref = await page.getAttribute('#export-stats-csv', 'href');
  const csv = await fetch(new URL(csvHref, base));
  assert.equal(csv.status, 200);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const xlsx = await fetch(new URL(await page.getAttribute('#export-stats-xlsx', 'href'), base));
  assert.equal(xlsx.status, 200);
  assert.equal(new TextDecoder().decode(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)), 'PK');

  // Clicking the tallest bar opens that township's report.
  const tallest = petitions.values.reduce((a, b) => (Number(a.value) >= Number(b.value) ? a : b));
  await page.locator('#chart').scrollIntoViewIfNeeded();
  const chartBox = await page.locator('#chart').boundingBox();
  // Inside the bar but away from the median line drawn across the chart
  // (a click on that line is not a click on a township).
  const point = await page.evaluate((index) => {
    const c = echarts.getInstanceByDom(document.querySelector('#chart'));
    const data = c.getOption().series[0].data;
    const v = data[index];
    const sorted = [...data].sort((a, b) => a - b);
    const m = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]
                                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const y = Math.abs(v * 0.25 - m) > Math.abs(v * 0.75 - m) ? v * 0.25 : v * 0.75;
    return c.convertToPixel({seriesIndex: 0}, [index, y]);
  }, petitions.values.indexOf(tallest));
  await page.mouse.click(chartBox.x + point[0], chartBox.y + point[1]);
  await page.waitForSelector('body[data-ready="report"]');
  assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('report'),
               tallest.report_id);

  // The viewer: every indicator's evidence highlighted in the text, the
  // highlighted words being the evidence's own quote.
  const report = await json(`/v1/reports/${tallest.report_id}?text=1`);
  assert.ok(report.normalized_text.length > 0, 'text=1 gives the text');
  const marks = await page.locator('#viewer-text mark').allTextContents();
  assert.equal(marks.length, report.indicators.length);
  for (const i of report.indicators) assert.ok(marks.includes(i.evidence.quote), i.evidence.quote);
  assert.equal(await page.locator('#viewer-indicators tbody tr').count(), report.indicators.length);
  assert.ok((await page.textContent('#viewer-title')).includes(report.entity.name));
  const value = page.locator('#viewer-indicators tbody tr',
                             {hasText: labels[petitions.id]}).locator('td').nth(1);
  assert.ok((await value.textContent()).startsWith(String(tallest.value)), 'the clicked figure');
  await page.screenshot({path: path.join(shots, 'report.png'), fullPage: true});

  // A reviewer corrects the clicked figure from the viewer: the county's
  // statistics use and mark it, the audit names the reviewer, and a revert
  // restores the extraction.
  const sumOf = async () => (await json(`/v1/stats?county=${county}&year=${year}`))
      .indicators.find((i) => i.id === petitions.id);
  const before = await sumOf();
  const petitionRow = () => page.locator('#viewer-indicators tbody tr',
                                         {hasText: labels[petitions.id]}).first();
  await petitionRow().locator('button.fix').click();
  await page.fill('#correct-value', String(Number(tallest.value) + 5));
  await page.fill('#correct-reason', '原文核对为更大的数');
  await page.fill('#correct-reviewer', '页面审核');
  await page.click('#correct-save');
  await page.waitForFunction(() => document.querySelector('#message').textContent.includes('已保存更正'));
  const corrected = await sumOf();
  assert.equal(Number(corrected.sum), Number(before.sum) + 5);
  assert.equal(corrected.corrected_values, 1);
  assert.ok(corrected.values.find((v) => v.report_id === tallest.report_id).corrected);
  assert.ok((await petitionRow().locator('td').nth(4).textContent()).includes('已更正为'));
  const audit = await json(`/v1/audit?county=${county}&year=${year}`);
  assert.equal(audit.entries.length, 1);
  assert.equal(audit.entries[0].reviewer, '页面审核');
  assert.equal(audit.entries[0].field, 'indicator:' + petitions.id);
  assert.equal(await page.locator('#viewer-corrections tbody tr').count(), 1);
  await page.screenshot({path: path.join(shots, 'corrected.png'), fullPage: true});
  page.once('dialog', (d) => d.accept('复核后恢复原值'));
  await page.click('#viewer-corrections button.revert');
  await page.waitForFunction(() => document.querySelector('#message').textContent.includes('已撤销更正'));
  const restored = await sumOf();
  assert.equal(Number(restored.sum), Number(before.sum));
  assert.equal(restored.corrected_values || 0, 0);
  assert.ok((await page.textContent('#viewer-corrections')).includes('已撤销'));

  // And back to the county.
  await page.click('#back');
  await page.waitForSelector('body[data-ready="dashboard"]');

  // No script error and no failed request on the way.
  assert.deepEqual(problems, []);

  // A portal's link with a query opens the county directly.
  await page.goto(`${base}/?county=${county}&year=${year}`);
  await page.waitForSelector('body[data-ready="dashboard"]');
  assert.equal(await page.locator('#indicators tbody tr').count(), stats.indicators.length);
  assert.equal(await page.inputValue('#county'), county);

  // A county the statistics refuse shows the reason, not a blank page.
  await page.goto(base + '/#county=999999&year=' + year);
  await page.waitForSelector('#message.error');
  assert.ok((await page.textContent('#message')).includes('INVALID_ARGUMENT'));
} finally {
  await browser.close();
}
console.log(`page test: ${stats.indicators.length} indicators, ${stats.reports_received} reports, ` +
            `screenshots in ${shots}`);
