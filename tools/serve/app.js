// kg serve: a one-page view over /api/* (CONTRACT.md section 7).
// Every text from the store enters the page as text (textContent, <bdi>),
// never as markup; links go only to this page's own routes or to http(s)
// source URLs. Routes live in the fragment: #/search?text=, #/node?id=&depth=
// &type=&direction=&since=&until=, #/path?from=&to=.
'use strict';

const main = document.getElementById('main');
let config = { tiles: '', max_depth: 3 };
let map = null;
// The most rows a list or the map shows; the rest is counted.
const kMaxRows = 300;
function more(n, what) {
  return n > kMaxRows ? el('p', { class: 'note more' }, String(n - kMaxRows) + ' more ' + what +
    ' not shown: narrow the view with the filters.') : null;
}

// el('a', {href: '#/x', class: 'k'}, 'text', child...): children that are
// strings become text nodes.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}
function text(s) { return el('bdi', {}, String(s)); }
function route(name, params) { return '#/' + name + '?' + new URLSearchParams(params).toString(); }
function nodeLink(n) {
  return el('a', { href: route('node', { id: n.id }), class: 'node-link' }, text(n.name || n.id));
}
// Only http and https URLs become links.
function safeUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

async function api(endpoint, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) q.set(k, v);
  const res = await fetch('/api/' + endpoint + '?' + q.toString(), { credentials: 'same-origin' });
  const header = res.headers.get('X-Kg-Error');
  let error = header ? decodeURIComponent(header) : '';
  const body = await res.text();
  let json = null;
  if ((res.headers.get('Content-Type') || '').startsWith('application/json')) {
    try { json = JSON.parse(body); } catch (e) { json = null; }
  }
  if (!res.ok && !error && json && json.error) error = json.error;
  return { ok: res.ok, status: res.status, json, body, error };
}

// An error line, its did-you-mean candidates as search links: those of the
// "(did you mean ...?)" that ends the line, never of the user's own text
// quoted before it (a search for '(did you mean "x"?)' links to nothing).
function errorLine(message) {
  const p = el('p', { class: 'error' }, text(message || 'Nothing found.'));
  const at = (message || '').endsWith('?)') ? message.lastIndexOf(' (did you mean "') : -1;
  if (at >= 0) {
    const names = [...message.slice(at).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    if (names.length) {
      const dym = el('p', { class: 'did-you-mean' }, 'Did you mean: ');
      names.forEach((n, i) => {
        if (i) dym.append(', ');
        dym.append(el('a', { href: route('search', { text: n }) }, text(n)));
      });
      return el('div', {}, p, dym);
    }
  }
  return p;
}

function show(...nodes) {
  if (map) { map.remove(); map = null; }
  main.replaceChildren(...nodes);
}

function attrsText(attrs) {
  return Object.entries(attrs || {}).map(([k, v]) => k + '=' + v).join(', ');
}

async function searchPage(params) {
  const q = params.get('text') || '';
  document.getElementById('search-text').value = q;
  document.title = 'kg: ' + q;
  const r = await api('search', { text: q, kind: params.get('kind') });
  const heading = el('h1', {}, 'Search: ', text(q));
  if (!r.ok || !r.json || !r.json.nodes || r.json.nodes.length === 0) return show(heading, errorLine(r.error));
  const rows = r.json.nodes.map((n) =>
    el('tr', {}, el('td', {}, nodeLink(n)), el('td', {}, n.kind), el('td', {}, text((n.aliases || []).join(', ')))));
  show(heading, el('table', { id: 'results' }, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'kind'),
    el('th', {}, 'aliases')), ...rows));
}

function filterForm(params, fields) {
  const form = el('form', { class: 'filters' });
  for (const [name, label, kind] of fields) {
    let input;
    if (Array.isArray(kind)) {
      input = el('select', { name }, ...kind.map((v) => el('option', { value: v }, v)));
    } else {
      input = el('input', { name, type: 'text', size: kind || 12 });
    }
    input.value = params.get(name) || (Array.isArray(kind) ? kind[0] : '');
    form.append(el('label', {}, label, input));
  }
  form.append(el('button', { type: 'submit' }, 'Apply'));
  return form;
}

function onSubmit(form, name, keep) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = Object.assign({}, keep);
    for (const [k, v] of new FormData(form)) if (v !== '') p[k] = v;
    location.hash = route(name, p);
  });
}

// The SVG Graphviz drew, parsed as XML and cleaned of anything but drawing,
// its nodes made links to their pages.
function graphSvg(svgText) {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
  const SVG = 'http://www.w3.org/2000/svg';
  for (const e of [...root.querySelectorAll('*')]) {
    if (e.namespaceURI !== SVG || ['script', 'foreignObject', 'style', 'a', 'image', 'use'].includes(e.localName)) {
      e.replaceWith(...(e.localName === 'a' ? e.childNodes : []));
      continue;
    }
  }
  for (const e of [root, ...root.querySelectorAll('*')]) {
    for (const a of [...e.attributes]) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on') || n.endsWith('href') || n === 'style') e.removeAttribute(a.name);
    }
  }
  const svg = document.importNode(root, true);
  for (const g of svg.querySelectorAll('g.node')) {
    const title = g.querySelector('title');
    if (!title) continue;
    const a = document.createElementNS(SVG, 'a');
    a.setAttribute('href', route('node', { id: title.textContent }));
    a.setAttribute('class', 'graph-link');
    a.append(...g.childNodes);
    g.append(a);
  }
  return svg;
}

async function drawGraph(box, args) {
  const res = await fetch('/api/graph?' + new URLSearchParams(args).toString());
  if (!res.ok) {
    const h = res.headers.get('X-Kg-Error');
    box.replaceChildren(errorLine(h ? decodeURIComponent(h) : 'Could not draw the graph.'));
    return;
  }
  const svg = graphSvg(await res.text());
  box.replaceChildren(svg || el('p', { class: 'error' }, 'Could not read the drawing.'));
}

function drawMap(box, list, geojson) {
  const located = ((geojson && geojson.features) || []).filter((f) =>
    f.geometry && f.geometry.type === 'Point' && Array.isArray(f.geometry.coordinates));
  const features = located.slice(0, kMaxRows);
  if (features.length === 0) {
    box.replaceWith(el('p', { class: 'note', id: 'map' }, 'No place here has coordinates.'));
    return;
  }
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties || {};
    list.append(el('li', { class: 'place', 'data-lat': lat, 'data-lon': lon },
      nodeLink({ id: p.id, name: p.name }), ' ', el('span', { class: 'note' }, lat + ', ' + lon)));
  }
  const rest = more(located.length, 'places');
  if (rest) list.after(rest);
  if (typeof L === 'undefined') return;
  map = L.map(box, { attributionControl: !!config.tiles });
  if (config.tiles) L.tileLayer(config.tiles, { maxZoom: 18 }).addTo(map);
  const points = [];
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties || {};
    const marker = L.circleMarker([lat, lon], { radius: 7, className: 'kg-point', weight: 2 }).addTo(map);
    // An element: Leaflet would parse a string as HTML. Permanent on a small
    // map, for a map without tiles is read by its names.
    marker.bindTooltip(text(p.name || p.id), { permanent: features.length <= 30, direction: 'right', className: 'kg-label' });
    marker.on('click', () => { location.hash = route('node', { id: p.id }); });
    points.push([lat, lon]);
  }
  if (points.length === 1) map.setView(points[0], 8);
  else map.fitBounds(points, { padding: [30, 30], maxZoom: 10 });
}

async function nodePage(params) {
  const id = params.get('id') || '';
  const r = await api('show', { node: id });
  if (!r.ok || !r.json) return show(el('h1', {}, text(id)), errorLine(r.error));
  const n = r.json;
  document.title = 'kg: ' + n.name;
  const filters = {};
  for (const k of ['depth', 'type', 'direction', 'since', 'until']) if (params.get(k)) filters[k] = params.get(k);
  const depths = [...Array(config.max_depth).keys()].map((i) => String(i + 1));
  const form = filterForm(params, [['depth', 'depth', depths], ['type', 'types (A,B)', 16],
    ['direction', 'direction', ['both', 'out', 'in']], ['since', 'since', 10], ['until', 'until', 10]]);
  onSubmit(form, 'node', { id: n.id });

  const facts = el('table', { id: 'facts' },
    el('tr', {}, el('th', {}, 'id'), el('td', {}, text(n.id))),
    el('tr', {}, el('th', {}, 'aliases'), el('td', {}, text((n.aliases || []).join(', ')))),
    ...Object.entries(n.attrs || {}).map(([k, v]) => el('tr', {}, el('th', {}, text(k)), el('td', {}, text(v)))));
  if (n.coords) facts.append(el('tr', {}, el('th', {}, 'coords'), el('td', {}, n.coords.join(', '))));

  const graphBox = el('div', { id: 'graph' }, el('p', { class: 'note' }, 'Drawing…'));
  const neighbors = el('ul', { id: 'neighbors' });
  const timeline = el('div', { id: 'timeline' });
  const sources = el('ul', { id: 'sources' });
  const mapBox = el('div', { id: 'map' });
  const places = el('ul', { id: 'places' });
  show(el('h1', { id: 'node-name' }, text(n.name), el('span', { class: 'kind' }, n.kind)), facts,
    el('h2', {}, 'Neighborhood'), form, graphBox, neighbors,
    el('div', { class: 'columns' },
      el('section', {}, el('h2', {}, 'Timeline'), timeline),
      el('section', {}, el('h2', {}, 'Places'), mapBox, places)),
    el('h2', {}, 'Sources'), sources);

  const base = Object.assign({ node: n.id }, filters);
  const tasks = [];
  tasks.push(drawGraph(graphBox, base));
  tasks.push(api('neighbors', base).then((nr) => {
    if (!nr.ok || !nr.json) return neighbors.replaceWith(errorLine(nr.error));
    for (const m of nr.json.nodes.slice(0, kMaxRows)) {
      neighbors.append(el('li', {}, nodeLink(m), el('span', { class: 'kind' }, m.kind)));
    }
    const rest = more(nr.json.nodes.length, 'neighbors');
    if (rest) neighbors.after(rest);
  }));
  const tf = { node: n.id, type: filters.type, since: filters.since, until: filters.until };
  tasks.push(api('timeline', tf).then((tr) => {
    if (!tr.ok || !tr.json) return timeline.replaceChildren(errorLine(tr.error));
    const all = [...(tr.json.events || []), ...(tr.json.standing || [])];
    const rows = all.slice(0, kMaxRows).map((e) => el('tr', {},
      el('td', {}, e.date || ''), el('td', {}, e.direction === 'in' ? '← ' + e.type : e.type + ' →'),
      el('td', {}, nodeLink(e.other)), el('td', {}, text(attrsText(e.attrs)))));
    timeline.replaceChildren(el('table', {}, ...rows));
    const rest = more(all.length, 'events');
    if (rest) timeline.append(rest);
  }));
  tasks.push(api('sources', { node: n.id }).then((sr) => {
    if (!sr.ok || !sr.json) return sources.replaceWith(errorLine(sr.error));
    for (const s of sr.json.sources) {
      const href = s.url ? safeUrl(s.url) : null;
      const title = text(s.title || s.record);
      const item = el('li', {}, href ? el('a', { href, rel: 'noopener noreferrer', target: '_blank' }, title) : title);
      if (s.url && !href) item.append(' ', el('span', { class: 'note' }, text(s.url)));
      item.append(' ', el('span', { class: 'note' }, text([s.publisher, s.published, s.record].filter(Boolean).join(', '))));
      sources.append(item);
    }
    if (sr.json.truncated) sources.append(el('li', { class: 'note' }, 'More sources not shown.'));
  }));
  tasks.push(api('places', { node: n.id, depth: filters.depth || '1' }).then((pr) => drawMap(mapBox, places, pr.json)));
  await Promise.all(tasks);
}

async function pathPage(params) {
  const form = filterForm(params, [['from', 'from', 20], ['to', 'to', 20], ['type', 'types (A,B)', 16],
    ['direction', 'direction', ['both', 'out', 'in']]]);
  onSubmit(form, 'path', {});
  show(el('h1', {}, 'Path'), form);
  if (!params.get('from') || !params.get('to')) return;
  const r = await api('path', { from: params.get('from'), to: params.get('to'), type: params.get('type'),
    direction: params.get('direction') });
  if (!r.ok || !r.json) return main.append(errorLine(r.error));
  const list = el('ol', { id: 'path' });
  r.json.nodes.forEach((n, i) => {
    const item = el('li', {}, nodeLink(n));
    const e = r.json.edges[i];
    if (e) item.append(el('span', { class: 'note' }, ' ', e.from === n.id ? e.type + ' →' : '← ' + e.type,
      e.date ? ' (' + e.date + ')' : ''));
    list.append(item);
  });
  main.append(el('p', {}, 'Length ', String(r.json.length)), list);
}

function homePage() {
  show(el('h1', {}, 'kg'), el('p', {}, 'Search for an actor or a place above, or find a ',
    el('a', { href: '#/path' }, 'path'), ' between two.'));
}

async function render() {
  document.body.removeAttribute('data-ready');
  const hash = location.hash.slice(1) || '/';
  const q = hash.indexOf('?');
  const name = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  try {
    if (name === '/search') await searchPage(params);
    else if (name === '/node') await nodePage(params);
    else if (name === '/path') await pathPage(params);
    else homePage();
  } catch (e) {
    show(el('p', { class: 'error' }, 'The view failed: ', String(e)));
  }
  document.body.setAttribute('data-route', name);
  document.body.setAttribute('data-ready', '1');  // every request of the page answered
}

document.getElementById('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  location.hash = route('search', { text: document.getElementById('search-text').value });
});
window.addEventListener('hashchange', render);
fetch('/api/config').then((r) => r.json()).then((c) => { config = c; }).catch(() => {}).finally(render);
