// The analyst's page: pick a county and year, read its coverage, figures,
// rates, charts and year-on-year change, and open any report to see each
// figure's evidence where the text says it. Talks only to this gateway's
// JSON routes (GET /v1/openapi.json lists them); state lives in the URL
// hash (#county=330102&year=2024&year_a=2023, #report=ID) so that every
// view can be linked, reloaded and tested. A portal may also link
// /?county=330102&year=2024: the query opens that county when there is no
// hash.
'use strict';

const SECTION_NAMES = {
  SECTION_ID_MEASURES: '主要举措和成效',
  SECTION_ID_SHORTCOMINGS: '存在的不足和原因',
  SECTION_ID_LEADERSHIP: '党政主要负责人履行第一责任人职责情况',
  SECTION_ID_PLANS: '下一年度的主要安排',
  SECTION_ID_OTHER: '其他需要报告的情况',
};
const LEVEL_NAMES = {
  ENTITY_LEVEL_STREET: '街道', ENTITY_LEVEL_TOWN: '镇', ENTITY_LEVEL_TOWNSHIP: '乡',
  ENTITY_LEVEL_COUNTY: '县级', ENTITY_LEVEL_DEPARTMENT: '部门', ENTITY_LEVEL_CITY: '市级',
};
const QUALIFIER_MARKS = {QUALIFIER_AT_LEAST: '余', QUALIFIER_APPROX: '约', QUALIFIER_RANGE: '区间'};
// Rates aggregate derives from two counts; they are not catalog entries.
const DERIVED_LABELS = {petition_closure_rate: '信访办结率(%)'};
// 其他需要报告的情况 is left out when there is nothing to report: its
// absence is shown, not counted as a missing mandated part.
const OPTIONAL_SECTIONS = new Set(['SECTION_ID_OTHER']);

const $ = (id) => document.getElementById(id);
let labels = {};        // indicator id -> Chinese name
let stats = null;       // the CountyStats shown
let charts = {};        // ECharts instances by element id
let sortState = {key: null, ascending: true};

// ---- calling the gateway ----------------------------------------------

function token() {
  return $('token').value.trim();
}

// GET `path`, or POST `body` as JSON; the reply's JSON, or an error
// naming the status and the service's message.
async function api(path, payload) {
  const headers = {};
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  const init = {headers};
  if (payload !== undefined) {
    init.method = 'POST';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(payload);
  }
  const response = await fetch(path, init);
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  if (!response.ok) throw new Error(`${body.code || response.status}：${body.message || ''}`);
  return body;
}

function say(text, isError) {
  $('message').textContent = text || '';
  $('message').className = isError ? 'error' : '';
}

// ---- formatting -------------------------------------------------------

function num(v) {
  const n = Number(v || 0);
  return n.toLocaleString('zh-CN', {maximumFractionDigits: 2});
}

function label(id) {
  return labels[id] || DERIVED_LABELS[id] || id;
}

// A contradiction in words: the figures with their Chinese names.
function contradictionText(c) {
  const figures = (c.figures || []).map((f) => `${label(f.id)} ${num(f.value)}${f.unit || ''}`);
  const kinds = {
    part_exceeds_whole: '部分大于总数',
    rate_contradicts_counts: '比率与计数不符',
    rate_above_100: '比率超过100%',
  };
  return `${kinds[c.kind] || c.kind}：${figures.join('，')}`;
}

function mandatedMissing(ids) {
  return (ids || []).filter((id) => !OPTIONAL_SECTIONS.has(id));
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function clear(tbody) {
  while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
}

function sectionList(ids) {
  return (ids || []).map((id) => SECTION_NAMES[id] || id).join('、');
}

// ---- region pickers ---------------------------------------------------

async function fill(select, parent, chosen) {
  clear(select);
  if (parent === null) return;
  const data = await api('/v1/regions' + (parent ? '?parent=' + parent : ''));
  for (const r of data.regions || []) {
    const option = document.createElement('option');
    option.value = r.code;
    option.textContent = r.name;
    select.appendChild(option);
  }
  if (chosen) select.value = chosen;
}

async function pickCounty(county) {
  await fill($('province'), '', county ? county.slice(0, 2) : '');
  await fill($('city'), $('province').value, county ? county.slice(0, 4) : '');
  await fill($('county'), $('city').value, county || '');
}

function fillYears(year, yearA) {
  const now = new Date().getFullYear();
  for (const [select, chosen] of [[$('year'), year], [$('year-a'), yearA]]) {
    clear(select);
    for (let y = now; y >= 2015; --y) {
      const option = document.createElement('option');
      option.value = String(y);
      option.textContent = y + '年';
      select.appendChild(option);
    }
    select.value = String(chosen);
  }
}

// ---- the county dashboard --------------------------------------------

function renderCoverage(s) {
  const reports = s.reports || [];
  const late = reports.filter((r) => r.publication === 'PUBLICATION_LATE');
  const undated = reports.filter((r) => r.publication === 'PUBLICATION_UNKNOWN');
  const incomplete = reports.filter((r) => mandatedMissing(r.missing_sections).length > 0);
  const missing = s.townships_missing || [];
  const cards = [
    ['乡镇（街道）总数', s.townships_total || 0],
    ['已报送', s.reports_received || 0],
    ['未报送', missing.length],
    ['无法归属乡镇的报告', s.unresolved_reports || 0],
    ['按期发布', s.reports_on_time || 0],
    ['逾期发布', s.reports_late || 0],
    ['发布日期不明', s.reports_date_unknown || 0],
    ['缺少必备章节', incomplete.length],
    ['数字互相矛盾', (s.contradictions || []).length],
  ];
  const box = $('coverage');
  clear(box);
  for (const [name, value] of cards) {
    const card = document.createElement('div');
    card.className = 'card';
    const v = document.createElement('strong');
    v.textContent = String(value);
    const n = document.createElement('span');
    n.textContent = name;
    card.append(v, n);
    box.appendChild(card);
  }
  const lists = $('coverage-lists');
  clear(lists);
  const line = (title, items) => {
    if (!items.length) return;
    const p = document.createElement('p');
    p.textContent = title + '：' + items.join('，');
    lists.appendChild(p);
  };
  line('未报送', missing);
  line('逾期发布', late.map((r) => `${r.entity_name}（${r.published}）`));
  line('缺少必备章节',
       incomplete.map((r) => `${r.entity_name}（${sectionList(mandatedMissing(r.missing_sections))}）`));
  line('数字互相矛盾（请核对原文）',
       (s.contradictions || []).map((c) => `${c.township}：${contradictionText(c.contradiction)}`));
}

// A rate's sum means nothing: its row shows no sum (the rates table has
// the rate recomputed from counts).
function isRate(i) {
  return Boolean(i.is_rate);
}

function indicatorRows(s) {
  return (s.indicators || []).map((i) => ({
    id: i.id,
    label: label(i.id),
    townships: i.townships_reporting || 0,
    sum: isRate(i) ? -1 : Number(i.sum || 0),
    sumText: isRate(i) ? '—（比率不求和）'
                       : (i.sum_is_lower_bound ? '≥ ' : i.sum_is_approximate ? '≈ ' : '') + num(i.sum),
    median: Number(i.median || 0),
    min: Number(i.min || 0),
    minText: `${num(i.min)}（${i.min_township || ''}）`,
    max: Number(i.max || 0),
    maxText: `${num(i.max)}（${i.max_township || ''}）`,
    unit: i.unit || '',
    outliers: (i.outliers || []).length,
    outlierText: (i.outliers || []).map((o) => `${o.township} ${num(o.value)}`).join('；'),
    corrected: i.corrected_values || 0,
  }));
}

function renderIndicators() {
  const rows = indicatorRows(stats);
  if (sortState.key) {
    const k = sortState.key;
    rows.sort((a, b) => (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0) * (sortState.ascending ? 1 : -1));
  }
  const tbody = $('indicators').tBodies[0];
  clear(tbody);
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    cell(tr, r.label);
    cell(tr, String(r.townships), 'num');
    const sum = cell(tr, r.sumText, 'num');
    if (r.corrected) {
      // Reviewers' values are in the figure: say how many.
      sum.classList.add('corrected');
      sum.title = `含 ${r.corrected} 个经审核更正的数值`;
      sum.dataset.corrected = String(r.corrected);
    }
    cell(tr, num(r.median), 'num');
    cell(tr, r.minText, 'num');
    cell(tr, r.maxText, 'num');
    cell(tr, r.unit);
    const o = cell(tr, r.outliers ? String(r.outliers) : '', 'num');
    if (r.outliers) {
      o.title = r.outlierText;
      tr.classList.add('has-outlier');
    }
    tr.addEventListener('click', () => drawDistribution(r.id));
    tbody.appendChild(tr);
  }
  for (const th of $('indicators').tHead.rows[0].cells) {
    th.classList.toggle('sorted', th.dataset.key === sortState.key);
    th.classList.toggle('descending', th.dataset.key === sortState.key && !sortState.ascending);
  }
}

function renderRates(s) {
  const tbody = $('rates').tBodies[0];
  clear(tbody);
  for (const r of s.rates || []) {
    const tr = document.createElement('tr');
    cell(tr, label(r.id));
    cell(tr, r.recomputed === undefined ? '—' : num(r.recomputed) + '%', 'num');
    cell(tr, r.stated_mean === undefined ? '—' : num(r.stated_mean) + '%', 'num');
    cell(tr, `${label(r.numerator_id)} / ${label(r.denominator_id)}`);
    cell(tr, String(r.townships_with_counts || 0), 'num');
    cell(tr, String(r.townships_stating_rate || 0), 'num');
    tbody.appendChild(tr);
  }
}

function chart(id) {
  if (typeof echarts === 'undefined') return null;  // the page still reads without charts
  if (!charts[id]) charts[id] = echarts.init($(id));
  return charts[id];
}

function drawDistribution(indicatorId) {
  const indicator = (stats.indicators || []).find((i) => i.id === indicatorId);
  if (!indicator) return;
  const values = indicator.values || [];
  $('chart-title').textContent = `各乡镇分布：${label(indicatorId)}（${indicator.unit || ''}，点击柱条查看报告）`;
  const c = chart('chart');
  if (!c) return;
  c.setOption({
    tooltip: {trigger: 'axis'},
    grid: {left: 60, right: 20, bottom: 90},
    xAxis: {type: 'category', data: values.map((v) => v.township), axisLabel: {rotate: 45}},
    yAxis: {type: 'value', name: indicator.unit || ''},
    series: [{
      type: 'bar',
      name: label(indicatorId),
      data: values.map((v) => Number(v.value || 0)),
      markLine: {data: [{type: 'median', name: '中位数'}]},
    }],
  }, true);
  c.off('click');
  c.on('click', (p) => {
    // The median line is clickable too; its dataIndex is not a township's.
    if (p.componentType !== 'series') return;
    const v = values[p.dataIndex];
    if (v) location.hash = '#report=' + encodeURIComponent(v.report_id);
  });
  $('chart').dataset.indicator = indicatorId;
  $('chart').dataset.bars = String(values.length);
}

function renderChanges(cmp) {
  const tbody = $('changes').tBodies[0];
  clear(tbody);
  $('change-title').textContent = `同比变化（${cmp.year_a}年 → ${cmp.year_b}年）`;
  $('change-a').textContent = cmp.year_a + '年';
  $('change-b').textContent = cmp.year_b + '年';
  // Rates change in percentage points (the rows marked 百分点), never by sums.
  const rows = cmp.indicators || [];
  for (const i of rows) {
    if (i.is_rate) {
      const tr = document.createElement('tr');
      tr.classList.add('rate');
      cell(tr, label(i.id) + (i.rate_basis === 'counts' ? '（由计数重算）' : '（所报比率均值）'));
      cell(tr, i.rate_a === undefined ? '—' : num(i.rate_a) + '%', 'num');
      cell(tr, i.rate_b === undefined ? '—' : num(i.rate_b) + '%', 'num');
      cell(tr, i.change_points === undefined ? '—'
           : (i.change_points > 0 ? '+' : '') + num(i.change_points) + ' 个百分点', 'num');
      cell(tr, '—', 'num');
      cell(tr, String(i.townships_both || 0), 'num');
      tbody.appendChild(tr);
      continue;
    }
    const tr = document.createElement('tr');
    cell(tr, label(i.id));
    cell(tr, num(i.sum_a), 'num');
    cell(tr, num(i.sum_b), 'num');
    cell(tr, (Number(i.change || 0) > 0 ? '+' : '') + num(i.change), 'num');
    cell(tr, i.change_percent === undefined ? '—' : num(i.change_percent) + '%', 'num');
    cell(tr, String(i.townships_both || 0), 'num');
    tbody.appendChild(tr);
  }
  const c = chart('change-chart');
  if (!c) return;
  const shown = rows.filter((i) => !i.is_rate && i.change_percent !== undefined);
  c.setOption({
    tooltip: {trigger: 'axis'},
    grid: {left: 60, right: 20, bottom: 110},
    xAxis: {type: 'category', data: shown.map((i) => label(i.id)), axisLabel: {rotate: 45}},
    yAxis: {type: 'value', name: '变化率 %'},
    series: [{type: 'bar', name: '变化率', data: shown.map((i) => Number(i.change_percent))}],
  }, true);
}

function renderReports(s) {
  const tbody = $('reports').tBodies[0];
  clear(tbody);
  for (const r of s.reports || []) {
    const tr = document.createElement('tr');
    const name = cell(tr, '');
    const a = document.createElement('a');
    a.href = '#report=' + encodeURIComponent(r.report_id);
    a.textContent = r.entity_name || '（未识别）';
    name.appendChild(a);
    const published = cell(tr, r.published || '不明');
    if (r.published_late) published.classList.add('late');
    cell(tr, sectionList(mandatedMissing(r.missing_sections)) || '无');
    cell(tr, r.source || '');
    tbody.appendChild(tr);
  }
}

function setExports(county, year, yearA) {
  const q = (route, params) => `/v1/${route}?` + new URLSearchParams(params).toString();
  const links = {
    'export-stats': q('stats.EXT', {county, year}),
    'export-compare': q('compare.EXT', {county, year_a: yearA, year_b: year}),
    'export-rollup': q('rollup.EXT', {code: county.slice(0, 4), year}),
  };
  for (const [id, href] of Object.entries(links)) {
    $(id + '-csv').href = href.replace('EXT', 'csv');
    $(id + '-xlsx').href = href.replace('EXT', 'xlsx');
  }
}

async function showCounty(county, year, yearA) {
  $('viewer').hidden = true;
  say('正在查询……');
  try {
    stats = await api('/v1/stats?' + new URLSearchParams({county, year}));
  } catch (e) {
    $('dashboard').hidden = true;
    say('查询失败：' + e.message, true);
    return;
  }
  $('title').textContent = `${stats.county_name || county} ${year}年法治政府建设年度报告`;
  renderCoverage(stats);
  renderIndicators();
  renderRates(stats);
  setExports(county, year, yearA);
  $('dashboard').hidden = false;
  const first = (stats.indicators || [])[0];
  if (first) drawDistribution(first.id);
  say('');
  try {
    const cmp = await api('/v1/compare?' + new URLSearchParams({county, year_a: yearA, year_b: year}));
    renderChanges(cmp);
  } catch (e) {
    say('同比数据不可用：' + e.message, true);
  }
  renderReports(stats);
  document.body.dataset.ready = 'dashboard';
}

// ---- the report viewer -----------------------------------------------

// The text with each evidence span marked. Offsets are UTF-8 byte offsets
// into normalized_text; overlapping spans keep the first.
function markedText(text, indicators) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const spans = indicators
    .map((i, n) => ({n, i, start: Number(i.evidence.start || 0), end: Number(i.evidence.end || 0)}))
    .filter((s) => s.end > s.start && s.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out.appendChild(document.createTextNode(decode(at, s.start)));
    const mark = document.createElement('mark');
    mark.id = 'ev-' + s.n;
    mark.textContent = decode(s.start, s.end);
    mark.title = `${label(s.i.id)}：${num(s.i.value)}${s.i.unit || ''}`;
    if (s.i.evidence.verification !== 'VERIFICATION_VERIFIED') mark.className = 'unverified';
    out.appendChild(mark);
    at = s.end;
  }
  out.appendChild(document.createTextNode(decode(at, bytes.length)));
  return out;
}

async function showReport(id) {
  $('dashboard').hidden = true;
  say('正在读取报告……');
  let report;
  try {
    report = await api('/v1/reports/' + encodeURIComponent(id) + '?text=1');
  } catch (e) {
    $('viewer').hidden = true;
    say('读取报告失败：' + e.message, true);
    return;
  }
  const entity = report.entity || {};
  const region = report.region || {};
  $('viewer-title').textContent = `${entity.name || '（未识别单位）'} ${report.year || ''}年度报告`;
  const facts = $('viewer-facts');
  clear(facts);
  const fact = (name, value) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    facts.append(dt, dd);
  };
  fact('报送单位', `${entity.name || '—'}（${LEVEL_NAMES[entity.level] || '级别不明'}）`);
  fact('所属县（区）', region.county_name ? `${region.county_name}（${region.county_code}）` : '未能确定');
  fact('归属方法', `${region.method || '—'}，置信度 ${num(region.confidence)}`);
  const candidates = (region.candidates || [])
    .map((c) => `${c.province_name || ''}${c.city_name || ''}${c.county_name || ''}${c.township_name || ''}（${num(c.score)}）`);
  if (candidates.length) fact('候选地区', candidates.join('；'));
  fact('发布日期', report.published || '不明');
  fact('已有章节', (report.sections || []).map((s) => SECTION_NAMES[s.id] || s.id).join('、') || '—');
  fact('缺少必备章节', sectionList(mandatedMissing(report.missing_sections)) || '无');
  if ((report.missing_sections || []).some((id) => OPTIONAL_SECTIONS.has(id))) {
    fact('未写的可选章节', sectionList((report.missing_sections || []).filter((id) => OPTIONAL_SECTIONS.has(id))));
  }
  fact('来源', `${report.source || '—'}（${report.source_format || ''}，${report.engine_version || ''}）`);
  for (const c of report.contradictions || []) fact('数字矛盾', contradictionText(c));

  // The reviewers' corrections, when the aggregator holds the report.
  let reviewed = null;
  try {
    reviewed = await api('/v1/reports/' + encodeURIComponent(id) + '/review');
  } catch (e) {
    reviewed = null;
  }
  const seen = new Map(((reviewed && reviewed.corrected.indicators) || []).map((i) => [i.id, i]));

  const indicators = report.indicators || [];
  const tbody = $('viewer-indicators').tBodies[0];
  clear(tbody);
  const reviewCell = (tr, i) => {
    const td = cell(tr, '');
    if (!reviewed) return;
    const now = seen.get(i.id);
    if (!now) {
      td.appendChild(document.createTextNode('已剔除 '));
    } else if (now.corrected) {
      const was = now.added ? '原文未识别' : `原为${num(now.extracted_value)}`;
      td.appendChild(document.createTextNode(`已更正为${num(now.value)}${now.unit || ''}（${was}） `));
      td.className = 'corrected';
    }
    const fix = document.createElement('button');
    fix.type = 'button';
    fix.className = 'fix';
    fix.textContent = '更正';
    fix.addEventListener('click', () => openCorrection(id, i, 'value'));
    td.appendChild(fix);
    if (now) {
      const drop = document.createElement('button');
      drop.type = 'button';
      drop.className = 'drop';
      drop.textContent = '剔除';
      drop.addEventListener('click', () => openCorrection(id, i, 'drop'));
      td.appendChild(drop);
    }
  };
  indicators.forEach((i, n) => {
    const tr = document.createElement('tr');
    cell(tr, label(i.id));
    const mark = QUALIFIER_MARKS[i.qualifier];
    cell(tr, num(i.value) + (i.unit || '') + (mark ? `（${mark}）` : ''), 'num');
    const quote = cell(tr, '');
    const a = document.createElement('a');
    a.href = '#report=' + encodeURIComponent(id);
    a.textContent = i.evidence.quote;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const target = $('ev-' + n);
      if (target) {
        target.scrollIntoView({block: 'center'});
        target.classList.add('focus');
      }
    });
    quote.appendChild(a);
    const verified = i.evidence.verification === 'VERIFICATION_VERIFIED';
    cell(tr, verified ? '已核验' : '未核验', verified ? '' : 'unverified');
    reviewCell(tr, i);
    tbody.appendChild(tr);
  });
  // Figures a reviewer added that extraction missed.
  for (const i of seen.values()) {
    if (!i.added) continue;
    const tr = document.createElement('tr');
    cell(tr, label(i.id));
    cell(tr, '—', 'num');
    cell(tr, '（审核人补录）');
    cell(tr, '');
    reviewCell(tr, i);
    tbody.appendChild(tr);
  }
  renderCorrections(id, reviewed ? reviewed.corrections || [] : []);
  $('correct-form').hidden = true;
  const pre = $('viewer-text');
  clear(pre);
  pre.appendChild(markedText(report.normalized_text || '', indicators));
  // Back to the report's county and year; the pickers follow.
  if (region.county_code && report.year) {
    $('back').href = '#' + new URLSearchParams({county: region.county_code, year: report.year,
                                                year_a: report.year - 1});
    $('year').value = String(report.year);
    $('year-a').value = String(report.year - 1);
    pickCounty(region.county_code).catch(() => {});
  }
  $('viewer').hidden = false;
  say('');
  document.body.dataset.ready = 'report';
}

// ---- review -----------------------------------------------------------

let correcting = null;  // {reportId, indicator, mode} while the form is open

function openCorrection(reportId, indicator, mode) {
  correcting = {reportId, indicator, mode};
  const drop = mode === 'drop';
  $('correct-title').textContent = `${drop ? '剔除' : '更正'}：${label(indicator.id)}`;
  $('correct-value-label').hidden = drop;
  $('correct-unit-label').hidden = drop;
  $('correct-value').value = drop ? '' : num(indicator.value);
  $('correct-unit').value = indicator.unit || '';
  $('correct-reason').value = '';
  $('correct-form').hidden = false;
  $('correct-form').scrollIntoView({block: 'center'});
  (drop ? $('correct-reason') : $('correct-value')).focus();
}

async function saveCorrection(event) {
  event.preventDefault();
  if (!correcting) return;
  const {reportId, indicator, mode} = correcting;
  const body = {
    indicator_id: indicator.id,
    reason: $('correct-reason').value.trim(),
    reviewer: $('correct-reviewer').value.trim(),
  };
  if (mode === 'drop') {
    body.kind = 'CORRECTION_KIND_INDICATOR_DROP';
  } else {
    const value = Number($('correct-value').value);
    if ($('correct-value').value.trim() === '' || !Number.isFinite(value)) {
      say('请填写正确的数值', true);
      return;
    }
    body.kind = 'CORRECTION_KIND_INDICATOR_VALUE';
    body.value = value;
    body.unit = $('correct-unit').value.trim();
  }
  try {
    await api('/v1/reports/' + encodeURIComponent(reportId) + '/corrections', body);
  } catch (e) {
    say('保存失败：' + e.message, true);
    return;
  }
  correcting = null;
  await showReport(reportId);
  say('已保存更正，统计将使用更正后的数值');
}

async function revertCorrection(reportId, correction) {
  const reason = window.prompt('撤销理由', '');
  if (reason === null) return;
  const sequence = correction.correction_id.slice(correction.correction_id.indexOf('/') + 1);
  try {
    await api(`/v1/reports/${encodeURIComponent(reportId)}/corrections/${sequence}/revert`,
              {reason: reason.trim(), reviewer: $('correct-reviewer').value.trim()});
  } catch (e) {
    say('撤销失败：' + e.message, true);
    return;
  }
  await showReport(reportId);
  say('已撤销更正');
}

function renderCorrections(reportId, corrections) {
  const tbody = $('viewer-corrections').tBodies[0];
  clear(tbody);
  const flagged = corrections.filter((c) => c.needs_review && !c.reverted).length;
  const banner = $('viewer-review');
  banner.hidden = flagged === 0;
  banner.textContent = flagged ? `有 ${flagged} 项更正待复核：报告经新版本引擎重新提取后，` +
    '所更正字段的提取结果已变，请核对后保留或撤销。' : '';
  for (const c of corrections) {
    const tr = document.createElement('tr');
    cell(tr, new Date(Number(c.time_unix_ms)).toLocaleString('zh-CN'));
    const field = c.field.startsWith('indicator:') ? label(c.field.slice(10)) : c.field;
    cell(tr, field);
    cell(tr, c.old_value);
    cell(tr, c.new_value);
    cell(tr, c.reviewer);
    cell(tr, c.reason);
    // A later reading of the report read this field otherwise: the
    // correction stands, but a reviewer should look at it again.
    const status = cell(tr, c.reverted ? `已撤销（${c.reverted_by}：${c.revert_reason}）`
      : c.needs_review ? '生效，待复核（新版本提取结果已变）' : '生效');
    if (c.needs_review && !c.reverted) {
      status.className = 'needs-review';
      tr.classList.add('needs-review');
    }
    const td = cell(tr, '');
    if (!c.reverted) {
      const undo = document.createElement('button');
      undo.type = 'button';
      undo.className = 'revert';
      undo.textContent = '撤销';
      undo.addEventListener('click', () => revertCorrection(reportId, c));
      td.appendChild(undo);
    }
    tbody.appendChild(tr);
  }
}

// ---- routing ----------------------------------------------------------

// The view's parameters: the hash, or else the page's query.
function viewParams() {
  return new URLSearchParams(location.hash.length > 1 ? location.hash.slice(1) : location.search);
}

function route() {
  document.body.dataset.ready = '';
  const params = viewParams();
  if (params.get('report')) return showReport(params.get('report'));
  const county = params.get('county');
  if (!county) {
    say('请选择县（区）和年度，然后点击“查询”。');
    document.body.dataset.ready = 'idle';
    return;
  }
  const year = Number(params.get('year')) || new Date().getFullYear() - 1;
  const yearA = Number(params.get('year_a')) || year - 1;
  return showCounty(county, year, yearA);
}

async function start() {
  $('token').value = sessionStorage.getItem('fazhi-token') || '';
  $('token').addEventListener('change', () => sessionStorage.setItem('fazhi-token', token()));
  $('correct-reviewer').value = sessionStorage.getItem('fazhi-reviewer') || '';
  $('correct-reviewer').addEventListener('change', () =>
    sessionStorage.setItem('fazhi-reviewer', $('correct-reviewer').value.trim()));
  $('correct-form').addEventListener('submit', saveCorrection);
  $('correct-cancel').addEventListener('click', () => {
    correcting = null;
    $('correct-form').hidden = true;
  });
  const params = viewParams();
  const year = Number(params.get('year')) || new Date().getFullYear() - 1;
  fillYears(year, Number(params.get('year_a')) || year - 1);
  try {
    const list = await api('/v1/indicators');
    for (const i of list.indicators || []) labels[i.id] = i.label_zh || i.id;
  } catch (e) {
    say('指标名称不可用：' + e.message, true);
  }
  try {
    await pickCounty(params.get('county') || '');
  } catch (e) {
    say('地区列表不可用：' + e.message, true);
  }
  $('province').addEventListener('change', async () => {
    await fill($('city'), $('province').value, '');
    await fill($('county'), $('city').value, '');
  });
  $('city').addEventListener('change', () => fill($('county'), $('city').value, ''));
  $('pick').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = '#' + new URLSearchParams({
      county: $('county').value, year: $('year').value, year_a: $('year-a').value,
    });
  });
  for (const th of $('indicators').tHead.rows[0].cells) {
    th.addEventListener('click', () => {
      sortState = {key: th.dataset.key,
                   ascending: sortState.key === th.dataset.key ? !sortState.ascending : true};
      if (stats) renderIndicators();
    });
  }
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  await route();
}

document.addEventListener('DOMContentLoaded', start);
