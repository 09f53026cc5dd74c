// Smoke test of the page outside a browser: renders main.js with Preact + htm in jsdom against a mocked ctx.api, walks
// every tab, types a row of the entry sheet with the keyboard and checks the request it sends. Not part of the Maven
// build (needs Node): cd plugin.health/ui-smoke && npm install && npm test
import { JSDOM } from 'jsdom';
import fs from 'fs';
import assert from 'assert/strict';
const dom = new JSDOM('<!doctype html><div id=root></div>', { url: 'http://x/' });
globalThis.window = dom.window; globalThis.document = dom.window.document; globalThis.HTMLElement = dom.window.HTMLElement;
globalThis.Node = dom.window.Node; globalThis.Event = dom.window.Event;
// the page and the console kit it builds on (with the console's HTTP client), their imports pointed at the local copies
const consoleDir = '../../web.console/src/main/resources/console/';
fs.writeFileSync('./api.gen.mjs', fs.readFileSync(consoleDir + 'api.js', 'utf8'));
fs.writeFileSync('./kit.gen.mjs', fs.readFileSync(consoleDir + 'lib/kit.js', 'utf8').replace("'./preact.js'", "'./lib/preact.mjs'")
  .replace("'../api.js'", "'./api.gen.mjs'").replace("'./echarts.js'", "'./lib/echarts.mjs'"));
const src = fs.readFileSync(process.argv[2], 'utf8').replace("'/console/lib/preact.js'", "'./lib/preact.mjs'")
  .replace("'/console/lib/kit.js'", "'./kit.gen.mjs'");
fs.writeFileSync('./main.gen.mjs', src);
const { render } = await import('./main.gen.mjs');
const echarts = await import('./lib/echarts.mjs');
const zh = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const consoleZh = JSON.parse(fs.readFileSync(consoleDir + 'i18n/zh.json', 'utf8'));
globalThis.fetch = async (url) => ({ ok: true, json: async () => (String(url).startsWith('/console/') ? consoleZh : zh) });
const check = { id: 5, version: 1, heightCm: 140, weightKg: 45, sbp: 108, dbp: 68, bmi: 22.96, flagged: true, measuredOn: '2026-11-10', ageMonths: 121.3,
  measures: [{ code: 'eyesight_left', value: 4.9 }], screening: [{ indicator: 'WST586', category: 'OBESITY', flagged: true, value: 23.0, referenceId: 'WS/T 586-2018', referenceVersion: '2018#x', provisional: false, detail: 'band' },
  { indicator: 'WST610_BP', category: 'HIGH', flagged: true, referenceId: 'WS/T 610-2018', referenceVersion: 'p', provisional: true }] };
const fu = { id: 9, childId: 1, finding: 'OBESITY', detail: 'x', openedOn: '2026-11-10', dueOn: '2026-11-17', requiredRecipients: ['GUARDIAN', 'MOTHER'], notifications: [], status: 'OPEN', overdue: true, version: 1 };
const calls = [];
const ctx = { programme: 'health', school: 1, lang: 'zh', base: '/ui/programmes/health/', user: { permissions: ['health.read', 'health.write'] },
  fetch: async (url) => ({ ok: true, status: 200, json: async () => (String(url).endsWith('i18n/zh.json') ? zh : {}),
    blob: async () => new Blob(['x']) }),
  api: async (path, opt = {}) => {
    calls.push(path + ' ' + JSON.stringify(opt));
    if (path === 'campaigns') return { items: [{ id: 3, semester: '2026-2027-1', title: '秋季体检', startsOn: '2026-11-01', endsOn: '2026-11-30' }] };
    if (path.startsWith('/api/schools/')) return [{ id: 7, name: '五年级(1)班', gradeLevel: 5 }];
    if (path.includes('/sheet')) return { campaign: { id: 3, startsOn: '2026-11-01', endsOn: '2026-11-30' }, rows: [
      { childId: 1, name: '王小胖', gender: 'MALE', birthDate: '2016-10-01', check }, { childId: 2, name: '李小妹', gender: 'FEMALE', birthDate: '2017-01-01', check: null }], total: 2, page: 0, size: 50 };
    if (path === 'followups') return { items: [{ followUp: fu, childName: '王小胖' }] };
    if (path.startsWith('followups/')) return fu;
    if (path.includes('/contacts')) return { items: [{ recipient: 'MOTHER', name: '张妈妈' }] };
    if (path.includes('/archive')) return { child: { id: 1, name: '王小胖', gender: 'MALE', birthDate: '2016-10-01', className: '五(1)' }, checks: [check], followUps: [fu], household: null,
      fourOnes: { CONSULTATION: null, REPRODUCTIVE_CHECK: null, PUBERTY_CLASS: '2026-10-01', LEAFLET: null }, pubertyClasses: 1,
      growth: { points: [{ ageMonths: 121.3, heightCm: 140, bmi: 22.96 }], bmiCurves: { '-2SD': [[100, 14]], '-1SD': [[100, 15]], median: [[100, 16]], '+1SD': [[100, 18]], '+2SD': [[100, 21]] },
        heightCurves: { median: [[100, 135]] }, wst586: [[120, 19.2, 21.9]] } };
    if (path === 'population') return { items: [{ childId: 1, name: '王小胖', gradeLevel: 5, keyTarget: true, reasons: ['KEY_ONE_CHILD_OR_GIRLS_BOTH_AWAY'], pubertyClassEligible: true, pubertyClassesAttended: 1 }], total: 1, page: 0, size: 50 };
    if (path === 'puberty-classes') return { items: [{ heldOn: '2026-11-01', topic: '青春期', attendance: [{ childId: 1, present: true }] }] };
    if (path === 'reports/summary') return { rows: [{ semester: '2026-2027-1', title: '秋季体检', checks: 3, flagged: 2, findings: { OBESITY: 1, STUNTING: 1, WASTING: 0, HIGH_BP: 0 }, followUps: 2, parentsNotified: 1, followUpsWithParents: 2, parentsNotifiedRate: 0.5, overdue: 1, closed: 0, pubertyClasses: 1, pubertyAttendees: 12 }] };
    throw Object.assign(new Error('x'), { status: 404, body: { error: 'notFound', message_zh: '未找到', message_en: 'nf' } });
  } };
const root = document.getElementById('root');
const tick = () => new Promise((r) => setTimeout(r, 30));
/** Waits until the page shows the text (renders are asynchronous), at most 10 s. */
const waitFor = async (what, test) => {
  for (let i = 0; i < 330 && !test(); i++) await tick();
  assert.ok(test(), what);
};
const shows = (text) => () => root.textContent.includes(text);
await render(root, ctx);
await waitFor('classes loaded', () => root.querySelectorAll('select').length >= 2 && root.querySelectorAll('select')[1].options.length > 1);
const sel = root.querySelectorAll('select');
sel[1].value = '7'; sel[1].dispatchEvent(new dom.window.Event('change', { bubbles: true }));
await waitFor('sheet loaded', () => root.querySelectorAll('input[data-row="1"]').length === 6);
console.log('ENTRY:', root.textContent.slice(0, 600));
assert.ok(root.textContent.includes('肥胖') && root.textContent.includes('暂定'), 'flags and the provisional mark');
const inputs = root.querySelectorAll('input[data-row="1"]');
console.log('inputs row1:', inputs.length);
const vals = ['130.5', '27', '100', '62', '5.0', '4.8'];
for (let c = 0; c < 6; c++) {
  const el = root.querySelector(`input[data-row="1"][data-col="${c}"]`);
  el.value = vals[c]; el.dispatchEvent(new dom.window.Event('input', { bubbles: true })); await tick();
  const el2 = root.querySelector(`input[data-row="1"][data-col="${c}"]`);
  el2.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true })); await tick();
}
await waitFor('refusal shown', shows('未找到'));
const last = calls[calls.length - 1];
console.log('LAST CALL:', last);
assert.ok(last.startsWith('campaigns/3/children/2/check '), last);
const sent = JSON.parse(last.slice(last.indexOf(' ') + 1));
assert.equal(sent.method, 'PUT');
assert.equal(sent.body.heightCm, '130.5');
assert.equal(sent.body.dbp, '62');
assert.deepEqual(sent.body.measures, [{ code: 'eyesight_left', value: 5 }, { code: 'eyesight_right', value: 4.8 }]);
assert.ok(root.textContent.includes('未找到'), 'the refusal is shown beside the row');
console.log('focused:', document.activeElement && document.activeElement.outerHTML.slice(0, 80));
for (const [tab, i] of [['followups', 1], ['archive', 2], ['population', 3], ['puberty', 4], ['reports', 5]]) {
  root.querySelectorAll('[role=tab]')[i].dispatchEvent(new dom.window.Event('click', { bubbles: true }));
  await waitFor(tab + ' rendered', () => root.querySelector('[role=tabpanel]').textContent.length > 20);
  if (tab === 'population') { await waitFor('population', shows('重点对象'));
    root.querySelector('.health-link').dispatchEvent(new dom.window.Event('click', { bubbles: true }));
    await waitFor('two growth charts', () => echarts.calls.length >= 2);
    console.log('ARCHIVE via population:', root.textContent.slice(0, 400), 'charts', echarts.calls.length); 
    root.querySelectorAll('[role=tab]')[3].dispatchEvent(new dom.window.Event('click', { bubbles: true })); await waitFor('population again', shows('重点对象')); }
  if (tab === 'puberty') { // a class of grade 5 chosen: its children listed a page at a time, all of them sent as present
    await waitFor('grade-5 classes', () => root.querySelector('select[name=pubertyClass]') && root.querySelector('select[name=pubertyClass]').options.length > 1);
    const k = root.querySelector('select[name=pubertyClass]'); k.value = '7'; k.dispatchEvent(new dom.window.Event('change', { bubbles: true }));
    await waitFor('the class listed', () => [...root.querySelectorAll('.checks label')].some((l) => l.textContent.includes('王小胖')));
    assert.ok(calls.includes('population {"query":{"scope":"all","class":"7","page":0,"size":100}}'), calls.join('\n'));
    const topic = root.querySelector('input[name=topic]'); topic.value = '青春期'; topic.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
    await tick();
    root.querySelectorAll('form')[0].dispatchEvent(new dom.window.Event('submit', { bubbles: true, cancelable: true }));
    await waitFor('attendance sent', () => calls.some((c) => c.startsWith('puberty-classes {"method":"POST"')));
    assert.match(calls.find((c) => c.startsWith('puberty-classes {"method":"POST"')), /"attendance":\[\{"childId":1,"present":true\}\]/); }
  if (tab === 'followups') { await waitFor('follow-up list', () => [...root.querySelectorAll('button')].some((x) => x.textContent === '…')); const b = [...root.querySelectorAll('button')].find((x) => x.textContent === '…'); b.dispatchEvent(new dom.window.Event('click', { bubbles: true })); await waitFor('follow-up detail', shows('登记通知')); }
  console.log(tab.toUpperCase() + ':', root.textContent.slice(0, 500));
  const expect = { followups: '登记通知', archive: '请从服务对象', population: '重点对象', puberty: '登记青春期健康教育课', reports: '50%' }[tab];
  await waitFor(tab + ' shows ' + expect, shows(expect));
}
assert.equal(echarts.calls.length, 2, 'two growth charts, made once: ' + echarts.calls.length);
console.log(calls.join('\n'));
console.log('UI SMOKE OK');
