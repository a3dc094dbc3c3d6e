// Opens one report in the analyst's page (Debian's Chromium, headless,
// through playwright-core) whose correction a new reading of the report has
// flagged for review, and checks that the reviewer sees it: the banner, the
// flagged row and its status, beside what GET /v1/reports/ID/review says.
// Exit 0 when all checks pass.
//   node tests/web/review_flag_test.mjs BASE_URL REPORT_ID SHOTS_DIR
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../services/gateway/web/package.json'));
const {chromium} = require('playwright-core');

const [base, reportId, shots] = process.argv.slice(2);
const r = await fetch(`${base}/v1/reports/${encodeURIComponent(reportId)}/review`);
assert.equal(r.status, 200, `review: HTTP ${r.status}`);
const reviewed = await r.json();
const flagged = (reviewed.corrections || []).filter((c) => c.needs_review && !c.reverted);
assert.equal(flagged.length, 1, 'the test made one correction that the new reading flags');

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({viewport: {width: 1400, height: 1000}});
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push('console: ' + m.text()));
  await page.goto(`${base}/#report=${encodeURIComponent(reportId)}`);
  await page.waitForSelector('body[data-ready="report"]');

  assert.ok(await page.isVisible('#viewer-review'), 'the banner shows');
  assert.ok((await page.textContent('#viewer-review')).includes('1 项更正待复核'));
  const rows = page.locator('#viewer-corrections tbody tr.needs-review');
  assert.equal(await rows.count(), 1);
  const row = await rows.first().textContent();
  assert.ok(row.includes('待复核'), row);
  assert.ok(row.includes(flagged[0].reviewer), row);
  // The other corrections' rows are not marked.
  const all = await page.locator('#viewer-corrections tbody tr').count();
  assert.equal(all, (reviewed.corrections || []).length);
  await page.screenshot({path: path.join(shots, 'review_flag.png'), fullPage: true});
} finally {
  await browser.close();
}
assert.deepEqual(problems, []);
console.log('review flag page: ok');
