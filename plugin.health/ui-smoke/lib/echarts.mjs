export const calls = [];
export function init(el) { return { setOption(o) { calls.push(o); }, resize() {}, dispose() {} }; }
