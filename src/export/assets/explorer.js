// entigraph explorer: highlight, search, evidence panel, zoom and pan over Graphviz's SVG.
// Data reaches the page only through textContent and element properties, never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('eg-data').textContent);
  var canvas = document.getElementById('eg-canvas');
  var svg = canvas.querySelector('svg');
  var nodes = data.nodes;
  var edges = data.edges;
  var byId = new Map();
  var nodeEl = [];
  var edgeEl = [];
  var incident = [];
  var elToNode = new Map();
  var focusedIndex = -1;
  var status = document.getElementById('eg-status');

  nodes.forEach(function (n, i) {
    byId.set(n.id, i);
    var el = document.getElementById(n.el);
    nodeEl.push(el);
    incident.push([]);
    if (el) elToNode.set(el, i);
  });
  edges.forEach(function (e, j) {
    edgeEl.push(document.getElementById(e.el));
    incident[e.source].push(j);
    if (e.target !== e.source) incident[e.target].push(j);
  });

  function other(e, i) { return e.source === i ? e.target : e.source; }
  function plural(n, word, many) { return n + ' ' + (n === 1 ? word : many || word + 's'); }
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle('eg-error', !!isError);
  }
  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  document.getElementById('eg-title').title = data.title;
  // The graph's totals: the status line's text but while a search fails.
  var totals = plural(nodes.length, 'entity', 'entities') + ', ' +
      plural(edges.length, 'link') + ', ' + plural(data.documents, 'document');
  say(totals);
  // Apart from the status line, which searches overwrite: the links shown are not all there are.
  if (data.crowded_windows > 0) {
    var one = data.crowded_windows === 1;
    var crowded = document.getElementById('eg-crowded');
    crowded.textContent = plural(data.crowded_windows, 'window') + ' named more than ' +
      plural(data.max_window_entities, 'entity', 'entities') +
      (one ? ' (a list, not a relation): its' : ' (lists, not relations): their') +
      ' entities are counted, not linked';
    crowded.hidden = false;
  }
  // A part of a graph is not the whole: which filters cut it.
  if (data.filtered) {
    var filtered = document.getElementById('eg-filtered');
    filtered.textContent = 'filtered: ' + data.filtered;
    filtered.hidden = false;
  }

  // ---- highlighting ----
  function clearHighlight() {
    if (!svg) return;
    svg.classList.remove('eg-dim');
    svg.querySelectorAll('.eg-hl').forEach(function (el) { el.classList.remove('eg-hl'); });
  }
  function highlight(i) {
    clearHighlight();
    if (!svg || i < 0) return;
    svg.classList.add('eg-dim');
    if (nodeEl[i]) nodeEl[i].classList.add('eg-hl');
    incident[i].forEach(function (j) {
      if (edgeEl[j]) edgeEl[j].classList.add('eg-hl');
      var k = other(edges[j], i);
      if (nodeEl[k]) nodeEl[k].classList.add('eg-hl');
    });
  }

  // ---- view box: zoom and pan ----
  var home = null;
  if (svg) {
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    var vb0 = svg.viewBox.baseVal;
    if (!vb0 || vb0.width === 0) {
      var box = svg.getBBox();
      svg.setAttribute('viewBox', [box.x, box.y, box.width, box.height].join(' '));
    }
    var b = svg.viewBox.baseVal;
    home = { x: b.x, y: b.y, w: b.width, h: b.height };
  }
  function view() {
    var b = svg.viewBox.baseVal;
    return { x: b.x, y: b.y, w: b.width, h: b.height };
  }
  function setView(v) {
    svg.setAttribute('viewBox', [v.x, v.y, v.w, v.h].join(' '));
  }
  function toSvg(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) return null;
    var p = svg.createSVGPoint();
    p.x = cx;
    p.y = cy;
    return p.matrixTransform(m.inverse());
  }
  function zoomAt(k, cx, cy) {
    var v = view();
    var w = Math.min(Math.max(v.w * k, home.w / 40), home.w * 4);
    k = w / v.w;
    var p = toSvg(cx, cy) || { x: v.x + v.w / 2, y: v.y + v.h / 2 };
    setView({ x: p.x - (p.x - v.x) * k, y: p.y - (p.y - v.y) * k, w: v.w * k, h: v.h * k });
  }
  function zoomCenter(k) {
    var r = svg.getBoundingClientRect();
    zoomAt(k, r.left + r.width / 2, r.top + r.height / 2);
  }
  // Shows node i with its neighbours: centred, zoomed in until labels are readable (about
  // 1.3 screen pixels per point) as far as the neighbourhood still fits; never zooms out.
  function showNeighbourhood(i) {
    var m = svg.getScreenCTM();
    var rect = svg.getBoundingClientRect();
    if (!m || !nodeEl[i] || rect.width === 0) return;
    var box = null;
    [i].concat(incident[i].map(function (j) { return other(edges[j], i); })).forEach(function (k) {
      if (!nodeEl[k]) return;
      var r = nodeEl[k].getBoundingClientRect();
      var a = toSvg(r.left, r.top);
      var b = toSvg(r.right, r.bottom);
      if (!a || !b) return;
      if (!box) box = { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
      box = { x1: Math.min(box.x1, a.x), y1: Math.min(box.y1, a.y), x2: Math.max(box.x2, b.x), y2: Math.max(box.y2, b.y) };
    });
    if (!box) return;
    var pad = 30;
    var fit = Math.min(rect.width / (box.x2 - box.x1 + 2 * pad), rect.height / (box.y2 - box.y1 + 2 * pad));
    var scale = Math.max(m.a, Math.min(1.3, fit));
    var w = rect.width / scale;
    var h = rect.height / scale;
    var cx = (box.x1 + box.x2) / 2;
    var cy = (box.y1 + box.y2) / 2;
    setView({ x: cx - w / 2, y: cy - h / 2, w: w, h: h });
  }

  var drag = null;
  var suppressClick = false;
  if (svg) {
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoomAt(Math.exp(ev.deltaY * 0.0015), ev.clientX, ev.clientY);
    }, { passive: false });
    svg.addEventListener('pointerdown', function (ev) {
      suppressClick = false;
      if (ev.button !== 0) return;
      drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, v: view(), moved: false };
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      var dx = ev.clientX - drag.x;
      var dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* pointer already gone */ }
        canvas.classList.add('eg-dragging');
      }
      var m = svg.getScreenCTM();
      var scale = m ? m.a : 1;
      setView({ x: drag.v.x - dx / scale, y: drag.v.y - dy / scale, w: drag.v.w, h: drag.v.h });
    });
    var endDrag = function (ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      suppressClick = drag.moved;
      drag = null;
      canvas.classList.remove('eg-dragging');
    };
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);
  }
  document.getElementById('eg-zoom-in').addEventListener('click', function () { if (svg) zoomCenter(1 / 1.4); });
  document.getElementById('eg-zoom-out').addEventListener('click', function () { if (svg) zoomCenter(1.4); });
  document.getElementById('eg-zoom-reset').addEventListener('click', function () { if (svg) setView(home); });

  // ---- panel ----
  var panel = document.getElementById('eg-panel');
  function showPanel(i) {
    var n = nodes[i];
    document.getElementById('eg-panel-title').textContent = n.label;
    var meta = n.type + ' · ' + plural(n.mentions, 'mention') + ' · ' + plural(n.documents, 'document') +
      ' · ' + n.id + (n.source === 'discovered' ? ' · discovered' : '');
    document.getElementById('eg-panel-meta').textContent = meta;
    var aliases = (n.aliases || []).filter(function (a) { return a !== n.label; });
    document.getElementById('eg-panel-aliases').textContent =
      aliases.length ? 'Also written: ' + aliases.join(', ') : '';
    var links = incident[i].map(function (j) { return { e: edges[j], k: other(edges[j], i) }; });
    links.sort(function (a, b) {
      return b.e.count - a.e.count || b.e.documents - a.e.documents ||
        (nodes[a.k].label < nodes[b.k].label ? -1 : nodes[a.k].label > nodes[b.k].label ? 1 : 0);
    });
    document.getElementById('eg-links-title').textContent = plural(links.length, 'link');
    var list = document.getElementById('eg-links');
    list.replaceChildren();
    links.forEach(function (l) {
      var li = make('li', 'eg-link');
      var nb = make('button', 'eg-nb', nodes[l.k].label);
      nb.type = 'button';
      nb.dataset.node = nodes[l.k].id;
      nb.addEventListener('click', function () { focusNode(l.k, true, true); });
      li.appendChild(nb);
      li.appendChild(make('span', 'eg-count',
        plural(l.e.count, 'window') + ', ' + plural(l.e.documents, 'document')));
      var ev = make('ul', 'eg-evidence');
      (l.e.evidence || []).forEach(function (x) {
        var item = make('li');
        item.appendChild(docLine(x));
        item.appendChild(make('q', 'eg-snippet', x.snippet));
        ev.appendChild(item);
      });
      li.appendChild(ev);
      list.appendChild(li);
    });
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // The document of one piece of evidence: its title (a link when it has a web address), then
  // its id, date and the window's bytes.
  function docLine(x) {
    var line = make('span', 'eg-doc');
    var name = x.title || x.doc;
    if (x.url && /^https?:\/\//i.test(x.url)) {
      var a = make('a', null, name);
      a.href = x.url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      line.appendChild(a);
    } else {
      line.appendChild(document.createTextNode(name));
    }
    var rest = (x.title ? ' · ' + x.doc : '') + (x.date ? ' · ' + x.date : '');
    line.appendChild(document.createTextNode(rest + ' [' + x.start + '..' + x.end + ']'));
    return line;
  }

  function focusNode(i, center, updateHash) {
    if (focusedIndex >= 0 && nodeEl[focusedIndex]) nodeEl[focusedIndex].classList.remove('focused');
    focusedIndex = i;
    if (nodeEl[i]) nodeEl[i].classList.add('focused');
    highlight(i);
    showPanel(i);
    if (center && svg) showNeighbourhood(i);
    if (updateHash) history.replaceState(null, '', '#focus=' + encodeURIComponent(nodes[i].id));
  }
  function unfocus() {
    if (focusedIndex >= 0 && nodeEl[focusedIndex]) nodeEl[focusedIndex].classList.remove('focused');
    focusedIndex = -1;
    clearHighlight();
    panel.hidden = true;
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  }
  document.getElementById('eg-close').addEventListener('click', unfocus);
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') unfocus();
  });

  // ---- node events ----
  nodeEl.forEach(function (el, i) {
    if (!el) return;
    el.addEventListener('mouseenter', function () { if (!drag) highlight(i); });
    el.addEventListener('mouseleave', function () { if (!drag) highlight(focusedIndex); });
  });
  if (svg) {
    svg.addEventListener('click', function (ev) {
      if (suppressClick) { suppressClick = false; return; }
      var g = ev.target.closest ? ev.target.closest('g.node') : null;
      if (g && elToNode.has(g)) focusNode(elToNode.get(g), false, true);
      else unfocus();
    });
  }

  // ---- search ----
  var names = document.getElementById('eg-names');
  var seen = new Set();
  nodes.forEach(function (n) {
    [n.label].concat(n.aliases || []).forEach(function (s) {
      if (seen.has(s)) return;
      seen.add(s);
      var o = document.createElement('option');
      o.value = s;
      names.appendChild(o);
    });
  });
  // Names compared as the matcher reads them (src/text/normalize.rs, fold_char): any case,
  // without accents ("schroder" finds "Gerhard Schröder", "walesa" "Wałęsa"), in any Unicode
  // form, with one apostrophe and one dash.
  var LETTERS = { 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ħ': 'h', 'ı': 'i', 'ß': 'ss' };
  function fold(s) {
    return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[øłđħıß]/g, function (c) { return LETTERS[c]; })
      .replace(/[\u2018\u2019\u201B\u02BC\u00B4\u2032`]/g, "'")
      .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
  }
  function find(q) {
    q = fold(q.trim());
    if (!q) return -1;
    var keys = nodes.map(function (n) {
      return [n.label, n.id].concat(n.aliases || []).map(fold);
    });
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      var best = -1;
      for (var i = 0; i < nodes.length; i++) {
        if (keys[i].some(tests[t]) && (best < 0 || nodes[i].mentions > nodes[best].mentions)) best = i;
      }
      if (best >= 0) return best;
    }
    return -1;
  }
  document.getElementById('eg-search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var q = document.getElementById('eg-search').value;
    var i = find(q);
    if (i < 0) { say('No entity matches “' + q.trim() + '”', true); return; }
    say(totals);
    focusNode(i, true, true);
  });

  // ---- #focus=ID ----
  function fromHash() {
    var m = /^#focus=(.*)$/.exec(location.hash);
    if (!m) return;
    var id;
    try { id = decodeURIComponent(m[1]); } catch (e) { id = m[1]; }
    var i = byId.has(id) ? byId.get(id) : -1;
    if (i < 0) { say('No entity with id “' + id + '”', true); return; }
    focusNode(i, true, false);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
