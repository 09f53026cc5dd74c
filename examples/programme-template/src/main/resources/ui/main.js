// 亲情电话 page module. The console shell imports it and calls render(element, context); it knows no programme by name.
// context: { school: <id>, lang: 'zh' | 'en', fetch: <function that adds the school and credentials> }
export async function render(root, context) {
  const lang = context.lang === 'en' ? 'en' : 'zh';
  const t = await (await fetch(new URL(`i18n/${lang}.json`, import.meta.url))).json();
  const api = (path, init) => (context.fetch || fetch)(`/api/programmes/calls/${path}`, init);
  const months = await (await api(`monthly?school=${context.school}`)).json();
  root.replaceChildren();
  const h = document.createElement('h2');
  h.textContent = t.title;
  root.append(h);
  const table = document.createElement('table');
  const head = table.insertRow();
  for (const label of [t.month, t.calls, t.minutes]) {
    const th = document.createElement('th');
    th.textContent = label;
    head.append(th);
  }
  for (const [month, v] of Object.entries(months.months || {})) {
    const row = table.insertRow();
    for (const value of [month, v.calls, v.minutes]) {
      row.insertCell().textContent = value;
    }
  }
  root.append(table);
}
