// Hash routes of the console: #/children/5/history?x=1.

/** Goes to a console page: navigate('children/5'). */
export function navigate(path) {
  location.hash = '#/' + path.replace(/^\//, '');
}

export function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, query] = h.split('?');
  return { parts: path ? path.split('/').filter(Boolean).map(decodeURIComponent) : [], query: new URLSearchParams(query || '') };
}
