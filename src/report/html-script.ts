// The HTML report's client script, inlined into the page: the test summary, per-test findings,
// the virtualized golden/current waterfall (only visible rows exist in the DOM) and span details.
// Plain ES2017 in a String.raw literal: it must hold no backtick and no dollar-brace.

export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tbt-data').textContent);
  var ROW_H = 22, OVERSCAN = 12;
  var MARK = { missing: '-', unexpected: '+', changed: '~', slower: '~' };
  var app = document.getElementById('app');
  var view = null;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  // common/duration.ts's formatDurationMs, line for line (test/report/html-script.test.ts pins
  // the two to the same outputs): the page writes durations as every other report does.
  function ms(v) {
    if (!Number.isFinite(v)) return String(v);
    var micros = Math.round(v * 1000);
    if (v > 0 && micros < 1000) return micros + 'µs';
    var millis = Math.round(v);
    if (millis < 1000) return millis + 'ms';
    var centis = Math.round(v / 10);
    if (centis < 6000) return centis / 100 + 's';
    var seconds = Math.round(v / 1000);
    return Math.floor(seconds / 60) + 'm' + (seconds % 60) + 's';
  }
  function phases(t) {
    return Object.keys(t).map(function (k) { return k + ' ' + ms(t[k]); }).join(' · ');
  }
  function json(v) { return v === undefined ? '' : JSON.stringify(v); }
  function outcomeText(o) { return o === 'passed' ? '<span class="pass">✓ passed</span>' : o === 'failed' ? '<span class="fail">✗ failed</span>' : o === 'error' ? '<span class="err">⚠ could not run</span>' : '<span class="err">' + o + '</span>'; }

  function renderShell() {
    var s = data.summary;
    var html = '<header class="top"><h1>tbt report</h1><span data-testid="summary-line"><b>' + esc(s.line) + '</b></span>';
    if (s.errored > 0) html += '<span class="err">' + s.errored + ' could not run</span>';
    if (s.servicesStartMs !== undefined) html += '<span class="muted">services started in ' + ms(s.servicesStartMs) + '</span>';
    html += '<span class="muted">total ' + ms(s.durationMs) + '</span>';
    if (s.startedAt) html += '<span class="muted">' + esc(s.startedAt) + '</span>';
    html += '</header><section><table class="summary" data-testid="summary"><thead><tr><th></th><th>Test</th><th>Findings</th><th>Spans</th><th>Time</th><th>Phases</th></tr></thead><tbody>';
    data.tests.forEach(function (t, i) {
      html += '<tr class="test-row" data-test="' + i + '"><td>' + outcomeText(t.outcome) + '</td><td class="name">' + esc(t.name) +
        ' <span class="muted">' + esc(t.file) + '</span></td><td>' + t.failingCount + '</td><td>' + t.spanCount + '</td><td>' +
        ms(t.durationMs) + '</td><td class="muted">' + esc(phases(t.timings)) + '</td></tr>';
    });
    html += '</tbody></table></section><section id="test"></section>';
    if (s.obsolete.length > 0) html += '<section class="muted">Obsolete snapshots: ' + s.obsolete.map(esc).join(', ') + '</section>';
    app.innerHTML = html;
    app.querySelector('table.summary').addEventListener('click', function (e) {
      var tr = e.target.closest('tr.test-row');
      if (tr) showTest(Number(tr.getAttribute('data-test')));
    });
  }

  // An axis gets as many labels as its width holds, one per TICK_SPACING pixels at most: a
  // narrow window drew nine labels over each other in a 150px column. Steps are 1, 2 or 5 times a
  // power of ten, labelled to the step's precision (a 0.5ms step reads 1.5ms, not 2ms).
  var TICK_SPACING = 72;
  function ticks(total, width) {
    if (!(total > 0) || !(width > 0)) return '';
    var most = Math.floor(width / TICK_SPACING) + 1, top = Math.floor(Math.log10(total)), step = 0;
    // The smallest step whose labels fit, from a thousandth of the axis' order up; none fits a
    // column narrower than two labels' spacing, which gets its 0 alone.
    for (var e = top - 3; e <= top && step === 0; e++) {
      [1, 2, 5].forEach(function (m) {
        var candidate = m * Math.pow(10, e), count = Math.floor(total / candidate * 1.0001) + 1;
        if (step === 0 && count >= 2 && count <= most) step = candidate;
      });
    }
    if (step === 0) step = total * 2;
    var out = '';
    for (var i = 0, t = 0; t <= total * 1.0001; i++, t = i * step) {
      var at = t / total * 100;
      out += '<span style="left:' + at + '%"' + (at > 90 && i > 0 ? ' class="end"' : '') + '>' + tickLabel(t, step, total) + '</span>';
    }
    return out;
  }

  function tickLabel(t, step, total) {
    var unit = total >= 1000 ? ['s', 1 / 1000] : total < 1 ? ['µs', 1000] : ['ms', 1];
    var digits = Math.max(0, -Math.floor(Math.log10(step * unit[1]) + 1e-9));
    return t === 0 ? '0' : (t * unit[1]).toFixed(digits) + unit[0];
  }

  function drawAxes() {
    if (!view) return;
    var axes = document.querySelectorAll('#test .axis');
    for (var i = 0; i < axes.length; i++) axes[i].innerHTML = ticks(view.test.totalMs, axes[i].clientWidth);
  }

  function findingItem(f, i) {
    var mark = '<span class="mk mk-' + f.drift + '">' + (f.detector ? '!' : MARK[f.drift]) + '</span>';
    var extra = (f.tolerance ? ' <span class="muted">(tolerance ' + esc(f.tolerance) + ')</span>' : '') +
      (f.suppressed ? ' <span class="muted">[within tolerance]</span>' : '') +
      (f.diagnosis ? '<br><span class="muted">↳ ' + esc(f.diagnosis) + '</span>' : '');
    return '<li data-finding="' + i + '" data-row="' + f.row + '" class="' + (f.suppressed ? 'suppressed' : '') + '">' + mark +
      '<span class="path">' + esc(f.path) + '</span><br>&nbsp;&nbsp;&nbsp;' + esc(f.text) + extra + '</li>';
  }

  function assertionItem(a) {
    var html = '<li><span class="mk mk-missing">!</span>' + esc(a.selector) + ' <b>' + esc(a.assertion) + '</b>' +
      (a.where ? ' <span class="muted">(' + esc(a.where) + ')</span>' : '');
    if (a.message) html += '<br>&nbsp;&nbsp;&nbsp;' + esc(a.message);
    a.spans.forEach(function (s) { html += '<br>&nbsp;&nbsp;&nbsp;' + esc(s.path) + ': ' + esc(s.observed); });
    return html + '</li>';
  }

  function showTest(index) {
    var t = data.tests[index];
    Array.prototype.forEach.call(app.querySelectorAll('tr.test-row'), function (tr) {
      tr.classList.toggle('current', Number(tr.getAttribute('data-test')) === index);
    });
    var html = '<h2>' + outcomeText(t.outcome) + ' ' + esc(t.name) + '</h2><div class="meta">' + esc(t.file) +
      (t.snapshotFile ? ' · snapshot ' + esc(t.snapshotFile) + (t.snapshotNote ? ': ' + esc(t.snapshotNote) : '') : '') + ' · ' + t.spanCount +
      ' spans · <span data-testid="phases">' + esc(phases(t.timings)) + '</span></div>';
    if (t.error) html += '<div class="error-box"><b>Could not run:</b> ' + esc(t.error.message) + (t.error.hint ? '<br>hint: ' + esc(t.error.hint) : '') + '</div>';
    if (t.findings.length + t.assertions.length > 0) {
      html += '<ul class="findings" data-testid="findings">' + t.findings.map(findingItem).join('') + t.assertions.map(assertionItem).join('') + '</ul>';
    }
    html += '<div class="legend"><span><i style="background:var(--golden)"></i>golden</span><span><i style="background:var(--current)"></i>current</span>' +
      '<span><i style="background:var(--missing)"></i>missing</span><span><i style="background:var(--unexpected)"></i>unexpected</span>' +
      '<span><i style="background:var(--changed)"></i>changed</span><span><i style="background:var(--slower)"></i>slower</span>' +
      '<span>time axis drawn from the canonical trees (sequential siblings back to back, concurrent ones together): an approximation</span></div>';
    if (t.rows.length === 0) {
      html += '<div class="empty">No spans to draw.</div>';
      document.getElementById('test').innerHTML = html;
      view = null;
      return;
    }
    html += '<div class="layout"><div class="wf" data-testid="waterfall"><div class="wf-head"><div>span</div>' +
      '<div data-testid="golden-waterfall">golden (snapshot)' + (t.hasGolden ? '' : ' <span class="muted">none</span>') + '<div class="axis"></div></div>' +
      '<div data-testid="current-waterfall">current run' + (t.hasCurrent ? '' : ' <span class="muted">none</span>') + '<div class="axis"></div></div></div>' +
      '<div class="wf-body"><div class="wf-spacer" style="height:' + (t.rows.length * ROW_H) + 'px"><div class="wf-rows"></div></div></div></div>' +
      '<aside class="details" data-testid="details"><div class="muted">Click a span to see its attributes.</div></aside></div>';
    var section = document.getElementById('test');
    section.innerHTML = html;
    view = { test: t, body: section.querySelector('.wf-body'), rows: section.querySelector('.wf-rows'),
      details: section.querySelector('aside.details'), selected: -1, pending: false };
    drawAxes();
    view.body.addEventListener('scroll', schedule, { passive: true });
    view.rows.addEventListener('click', function (e) {
      var row = e.target.closest('.row');
      if (row) select(Number(row.getAttribute('data-i')));
    });
    var list = section.querySelector('.findings');
    if (list) list.addEventListener('click', function (e) {
      var li = e.target.closest('li[data-row]');
      if (li && Number(li.getAttribute('data-row')) >= 0) reveal(Number(li.getAttribute('data-row')));
    });
    renderRows();
  }

  function schedule() {
    if (view.pending) return;
    view.pending = true;
    requestAnimationFrame(function () { view.pending = false; renderRows(); });
  }

  function pct(v, total) { return total > 0 ? v / total * 100 : 0; }

  function lane(side, cls, total) {
    if (!side) return '<div class="lane"></div>';
    var width = pct(side.m * Math.max(1, side.n), total);
    var style = 'left:' + pct(side.t, total) + '%;width:' + width + '%';
    if (side.n > 1) { style += ';background-size:' + (100 / side.n) + '% 100%'; cls += ' multi'; }
    if (side.st === 'error') cls += ' status-error';
    return '<div class="lane"><div class="bar ' + cls + '" style="' + style + '" title="' + esc(ms(side.m) + (side.n > 1 ? ' ×' + side.n : '')) + '"></div></div>';
  }

  function rowHtml(r, i, total) {
    var count = '';
    var gn = r.g ? r.g.n : 0, cn = r.c ? r.c.n : 0;
    if (r.g && r.c && gn !== cn) count = '<span class="cnt">×' + gn + ' → ×' + cn + '</span>';
    else if (Math.max(gn, cn) > 1) count = '<span class="cnt">×' + Math.max(gn, cn) + '</span>';
    return '<div class="row' + (r.x ? ' drift-' + r.x : '') + (i === view.selected ? ' sel' : '') + '" data-i="' + i + '"' +
      (r.x ? ' data-drift="' + r.x + '"' : '') + '><div class="label" style="padding-left:' + (4 + r.d * 14) + 'px">' +
      '<span class="k k-' + r.k + '"></span>' + esc(r.n) + ' <span class="svc">' + esc(r.s) + '</span>' + count + '</div>' +
      lane(r.g, 'g', total) + lane(r.c, 'c', total) + '</div>';
  }

  // One layout read (scrollTop, clientHeight) then one write per frame: no per-row measuring.
  function renderRows() {
    var t = view.test, top = view.body.scrollTop, height = view.body.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    var last = Math.min(t.rows.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    var html = '';
    for (var i = first; i < last; i++) html += rowHtml(t.rows[i], i, t.totalMs);
    view.rows.style.transform = 'translateY(' + (first * ROW_H) + 'px)';
    view.rows.innerHTML = html;
  }

  function reveal(i) {
    var height = view.body.clientHeight || 600;
    var top = i * ROW_H;
    if (top < view.body.scrollTop || top > view.body.scrollTop + height - ROW_H) view.body.scrollTop = Math.max(0, top - height / 3);
    select(i);
  }

  function attrTable(r) {
    var g = r.g ? (r.g.a || r.c.a) : null, c = r.c ? r.c.a : null;
    var keys = {};
    [g, c].forEach(function (m) { if (m) Object.keys(m).forEach(function (k) { keys[k] = true; }); });
    var names = Object.keys(keys).sort();
    if (names.length === 0) return '<div class="muted">No attributes.</div>';
    var both = g && c;
    var html = '<table data-testid="attributes"><thead><tr><th>attribute</th>' + (both ? '<th>golden</th><th>current</th>' : '<th>' + (c ? 'current' : 'golden') + '</th>') + '</tr></thead><tbody>';
    names.forEach(function (k) {
      var gv = g ? json(g[k]) : '', cv = c ? json(c[k]) : '';
      var cls = !both ? '' : !(k in g) ? 'add' : !(k in c) ? 'del' : gv !== cv ? 'chg' : '';
      html += '<tr class="' + cls + '"><td class="key">' + esc(k) + '</td>' + (both ? '<td>' + esc(gv) + '</td><td>' + esc(cv) + '</td>' : '<td>' + esc(c ? cv : gv) + '</td>') + '</tr>';
    });
    return html + '</tbody></table>';
  }

  function sideFacts(label, s) {
    if (!s) return '<tr><th>' + label + '</th><td class="muted">absent</td></tr>';
    return '<tr><th>' + label + '</th><td>' + ms(s.m) + (s.n > 1 ? ' ×' + s.n : '') + ' · ' + esc(s.st) + (s.sm ? ': ' + esc(s.sm) : '') +
      (s.e && s.e.length ? ' · events: ' + esc(s.e.join(', ')) : '') + '</td></tr>';
  }

  function select(i) {
    view.selected = i;
    renderRows();
    var r = view.test.rows[i];
    var html = '<h3>' + esc(r.n) + '</h3><div class="muted">' + esc(r.s) + ' · ' + esc(r.k) + '</div>';
    (r.f || []).forEach(function (fi) {
      var f = view.test.findings[fi];
      html += '<div class="f"><span class="mk mk-' + f.drift + '">' + (f.detector ? '!' : MARK[f.drift]) + '</span>' + esc(f.text) + (f.suppressed ? ' <span class="muted">[within tolerance]</span>' : '') + '</div>';
    });
    html += '<table>' + sideFacts('golden', r.g) + sideFacts('current', r.c) + '</table><h3 style="margin-top:8px">Attributes</h3>' + attrTable(r);
    view.details.innerHTML = html;
  }

  renderShell();
  window.addEventListener('resize', drawAxes);
  if (data.tests.length > 0) showTest(data.initial);
  else document.getElementById('test').innerHTML = '<div class="empty">No tests ran.</div>';
})();
`;
