/* quire archive search: offline, no dependencies, no fetch. Reads window.QUIRE_INDEX
   (set by ROOT/search-index.js) and fills the .q-search form. Query syntax: words,
   "quoted phrases", author:/저자: title:/제목: keyword:/키워드:; every term must match. */
(function () {
  'use strict';
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SPECIAL = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'þ': 'th', 'ı': 'i' };
  var NONWORD = /[^\p{L}\p{N}]+/gu;
  var HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  var FIELDS = { author: 'a', authors: 'a', '저자': 'a', title: 't', '제목': 't',
    keyword: 'k', keywords: 'k', '키워드': 'k' };
  var WEIGHT = { t: 10, k: 6, a: 5, b: 2, v: 1 };
  var TOKEN = /(?:([^\s:："“”]+)[:：])?(?:["“”]([^"“”]*)["“”]?|([^\s"“”]+))/g;
  var MAX = 50;

  function str(s) { return s == null ? '' : String(s); }
  function list(a) { return Array.isArray(a) ? a.map(str) : a ? [str(a)] : []; }
  /* Lower-case, strip Latin accents (NFD, drop marks) and recompose: the final NFC
     puts Hangul syllables back together, so Korean text is compared as written. */
  function foldRaw(s) {
    return str(s).normalize('NFC').toLowerCase().normalize('NFD').replace(MARKS, '')
      .normalize('NFC').replace(/[ßæœøđðłþı]/g, function (c) { return SPECIAL[c]; });
  }
  function fold(s) { return foldRaw(s).replace(NONWORD, ' ').trim(); }

  function parseQuery(q) {
    var terms = [], m;
    q = str(q).normalize('NFC');
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(q))) {
      var name = m[1] ? m[1].toLowerCase() : '', f = FIELDS[name], raw = m[2] != null ? m[2] : m[3];
      if (name && !f) raw = m[0];                      /* not a field: plain text */
      if (!name && /^[^:：]+[:：]$/.test(raw) && FIELDS[raw.slice(0, -1).toLowerCase()]) continue;
      var t = fold(raw);
      if (t) terms.push({ f: f || '', q: t, h: HANGUL.test(t), phrase: m[2] != null });
    }
    return terms;
  }

  function buildIndex(data) {
    var docs = [], lo = Infinity, hi = -Infinity;
    ((data && Array.isArray(data.papers)) ? data.papers : []).forEach(function (p, i) {
      if (!p || typeof p !== 'object') return;
      var y = parseInt(p.year, 10), f = {
        t: fold(str(p.title) + ' ~ ' + str(p.title_en)),
        k: list(p.keywords).concat(list(p.keywords_en)).map(fold).join(' ~ '),
        a: list(p.authors).map(fold).join(' ~ '),
        b: fold(str(p.abstract) + ' ~ ' + str(p.abstract_en)),
        v: fold(str(p.volume) + ' ' + str(p.year))
      }, c = {};
      for (var k in f) c[k] = f[k].replace(/ /g, '');
      if (y === y) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
      docs.push({ p: p, n: i, y: y, f: f, c: c });
    });
    return { docs: docs, lo: lo, span: Math.max(1, hi - lo) };
  }

  /* 3 whole word (or phrase), 2 word prefix, 1 inside a word, 0.6 Hangul ignoring spaces.
     Korean compounds have no spaces, so 기반 is found inside 파운데이션모델기반. */
  function level(text, compact, t) {
    var q = t.q, best = 0, i = text.indexOf(q);
    for (; i >= 0; i = text.indexOf(q, i + 1)) {
      if (i && text.charAt(i - 1) !== ' ') { best = Math.max(best, 1); continue; }
      var e = i + q.length;
      if (e === text.length || text.charAt(e) === ' ') return 3;
      best = 2;
    }
    if (best === 1 && !t.h && q.length < 3) best = 0;
    if (!best && t.h && compact.indexOf(q.replace(/ /g, '')) >= 0) best = 0.6;
    return best;
  }

  function score(d, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i], s = 0, fs = t.f ? [t.f] : ['t', 'k', 'a', 'b', 'v'];
      for (var j = 0; j < fs.length; j++) s += WEIGHT[fs[j]] * level(d.f[fs[j]], d.c[fs[j]], t);
      if (!s) return 0;
      total += s;
    }
    return total;
  }

  function search(index, q) {
    var terms = typeof q === 'string' ? parseQuery(q) : q, out = [];
    if (!terms.length) return out;
    index.docs.forEach(function (d) {
      var s = score(d, terms);
      if (s) out.push({ p: d.p, s: d.y === d.y ? s * (1 + 0.04 * (d.y - index.lo) / index.span) : s, n: d.n });
    });
    return out.sort(function (a, b) { return b.s - a.s || a.n - b.n; });
  }

  /* Fold text for display, remembering where each folded char came from. */
  function foldMap(s) {
    var out = '', from = [], to = [];
    for (var k = 0; k < s.length;) {
      var n = s.codePointAt(k) > 0xffff ? 2 : 1, f = foldRaw(s.substr(k, n)).replace(NONWORD, ' ');
      for (var j = 0; j < f.length; j++) {
        if (f[j] === ' ' && (!out || out.charAt(out.length - 1) === ' ')) continue;
        out += f[j]; from.push(k); to.push(k + n);
      }
      k += n;
    }
    return { text: out, from: from, to: to };
  }

  /* [start, end) ranges of s (NFC) that match the terms, merged and sorted. */
  function ranges(s, terms) {
    var m = foldMap(s), r = [], out = [];
    terms.forEach(function (t) {
      for (var i = m.text.indexOf(t.q); i >= 0 && t.q; i = m.text.indexOf(t.q, i + 1)) {
        if (!t.h && t.q.length < 3 && i && m.text.charAt(i - 1) !== ' ') continue;
        r.push([m.from[i], m.to[i + t.q.length - 1]]);
      }
    });
    r.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (x) {
      var last = out[out.length - 1];
      if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]); else out.push(x);
    });
    return out;
  }

  /* About 200 chars of the first abstract that matches, around the first match. */
  function snippet(p, terms, len) {
    len = len || 200;
    var texts = [str(p.abstract), str(p.abstract_en)].map(function (s) { return s.normalize('NFC'); });
    var text = texts[0] || texts[1], r = ranges(text, terms);
    if (!r.length && texts[0] && texts[1]) {
      var r2 = ranges(texts[1], terms);
      if (r2.length) { text = texts[1]; r = r2; }
    }
    var a = 0, b = text.length;
    if (b > len) {
      a = r.length ? Math.max(0, r[0][0] - 60) : 0;
      if (a) { var sp = text.indexOf(' ', a); a = sp >= 0 && sp < r[0][0] ? sp + 1 : a; }
      b = Math.min(text.length, a + len);
      var sb = text.lastIndexOf(' ', b);
      if (b < text.length && sb > a + len / 2) b = sb;
    }
    return { text: text.slice(a, b), pre: a > 0, post: b < text.length,
      ranges: r.filter(function (x) { return x[1] > a && x[0] < b; })
        .map(function (x) { return [Math.max(x[0], a) - a, Math.min(x[1], b) - a]; }) };
  }

  var api = { fold: fold, parseQuery: parseQuery, buildIndex: buildIndex, search: search,
    ranges: ranges, snippet: snippet, foldMap: foldMap };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  /* ---- page ---- */
  var html = document.documentElement, script = document.currentScript;
  var ko = /^ko/i.test(html.lang);
  var T = ko ? {
    found: function (n, q) { return n ? '“' + q + '” 검색 결과: 논문 ' + n + '편' : '“' + q + '”에 대한 검색 결과가 없습니다.'; },
    more: ' 상위 ' + MAX + '편을 표시합니다.', none: '검색 색인을 불러오지 못했습니다.', label: '검색 결과'
  } : {
    found: function (n, q) { return (n ? n + (n === 1 ? ' paper' : ' papers') : 'No papers') + ' found for “' + q + '”.'; },
    more: ' Showing the first ' + MAX + '.', none: 'Search is unavailable: the index did not load.', label: 'Search results'
  };

  function siteRoot() {
    var r = html.getAttribute('data-root');
    if (r == null && document.body) r = document.body.getAttribute('data-root');
    if (r == null && script) r = str(script.getAttribute('src')).replace(/assets\/search\.js(\?.*)?$/, '');
    r = str(r);
    return r && r.slice(-1) !== '/' ? r + '/' : r;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function marked(parent, text, r) {
    var at = 0;
    r.forEach(function (x) {
      if (x[0] > at) parent.appendChild(document.createTextNode(text.slice(at, x[0])));
      parent.appendChild(el('mark', '', text.slice(x[0], x[1])));
      at = x[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  function setup(form) {
    var input = form.querySelector('input[name="q"]') || form.querySelector('input');
    var status = form.querySelector('#q-search-results'), root = siteRoot();
    if (!input) return;
    if (!status) {                                  /* no results here: search on the home page */
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        location.href = root + 'index.html?q=' + encodeURIComponent(input.value.trim());
      });
      return;
    }
    var index = null, timer = 0;
    var hits = el('ol', 'q-search-hits');
    hits.id = 'q-search-hits';
    hits.setAttribute('aria-label', T.label);
    hits.hidden = true;
    status.parentNode.insertBefore(hits, status.nextSibling);

    function run(updateUrl) {
      clearTimeout(timer);
      var q = input.value.trim();
      if (updateUrl) {
        try {
          var u = new URL(location.href);
          if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
          history.replaceState(history.state, '', u.href);
        } catch (e) { /* file:// may refuse; the search still works */ }
      }
      hits.textContent = '';
      hits.hidden = true;
      if (!q) { status.textContent = ''; return; }
      if (!window.QUIRE_INDEX) { status.textContent = T.none; return; }
      if (!index) index = buildIndex(window.QUIRE_INDEX);
      var terms = parseQuery(q), res = search(index, terms);
      status.textContent = T.found(res.length, q) + (res.length > MAX ? T.more : '');
      res.slice(0, MAX).forEach(function (h) {
        var p = h.p, li = el('li', 'q-hit'), head = el('p', 'q-hit-title'), a = el('a');
        a.href = root + str(p.url);
        if (p.lang) a.lang = str(p.lang);
        marked(a, str(p.title).normalize('NFC'), ranges(str(p.title).normalize('NFC'), terms));
        head.appendChild(a);
        li.appendChild(head);
        var en = str(p.title_en).normalize('NFC');
        if (en && en !== str(p.title)) {
          var pe = marked(el('p', 'q-hit-title-en'), en, ranges(en, terms));
          pe.lang = 'en';
          li.appendChild(pe);
        }
        var au = list(p.authors).join(', ');
        li.appendChild(marked(el('p', 'q-hit-meta'), au, ranges(au, terms)));
        li.appendChild(el('p', 'q-hit-source', [str(p.volume), str(p.year)].filter(Boolean).join(' · ')));
        var sn = snippet(p, terms);
        if (sn.text) {
          var ps = el('p', 'q-hit-snippet');
          if (sn.pre) ps.appendChild(document.createTextNode('… '));
          marked(ps, sn.text, sn.ranges);
          if (sn.post) ps.appendChild(document.createTextNode(' …'));
          li.appendChild(ps);
        }
        hits.appendChild(li);
      });
      hits.hidden = !res.length;
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 180);
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); run(true); });
    function links() { return Array.prototype.slice.call(hits.querySelectorAll('a')); }
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === 'Escape' && input.value) { e.preventDefault(); input.value = ''; run(true); }
    });
    hits.addEventListener('keydown', function (e) {
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' && i + 1 < l.length) { e.preventDefault(); l[i + 1].focus(); }
      else if (e.key === 'ArrowUp' || e.key === 'Escape') {
        e.preventDefault();
        (e.key === 'ArrowUp' && i > 0 ? l[i - 1] : input).focus();
      }
    });
    var q0 = null;
    try { q0 = new URLSearchParams(location.search).get('q'); } catch (e) { q0 = null; }
    if (q0) { input.value = q0; run(false); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form.q-search'), setup);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
