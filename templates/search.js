/* quire archive search: offline, no dependencies. Reads window.QUIRE_INDEX (ROOT/search-index.js).
   Query: words, "phrases", author:/저자: title:/제목: keyword:/키워드:; every term must match. */
(() => {
  'use strict';
  const MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  const SPECIAL = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };
  const NONWORD = /[^\p{L}\p{N}]+/gu, HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
  const FIELDS = { author: 'a', authors: 'a', 저자: 'a', title: 't', 제목: 't', keyword: 'k', keywords: 'k', 키워드: 'k' };
  const WEIGHT = { t: 10, k: 6, a: 5, b: 2, v: 1 }, MAX = 100;
  const TOKEN = /(?:([^\s:："“”]+)[:：])?(?:["“”]([^"“”]*)["“”]?|([^\s"“”]+))/g;
  const str = (s) => (s == null ? '' : String(s)), nfc = (s) => str(s).normalize('NFC');
  const list = (a) => (Array.isArray(a) ? a.map(str) : a ? [str(a)] : []);
  /* Lower-case, drop Latin accents (NFD minus marks), recompose: NFC rebuilds Hangul syllables. */
  const foldRaw = (s) => nfc(s).toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC')
    .replace(/[ßæœøđðłþı]/g, (c) => SPECIAL[c]);
  const fold = (s) => foldRaw(s).replace(NONWORD, ' ').trim();

  function parseQuery(q) {
    const terms = [];
    let m;
    q = nfc(q);
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(q))) {
      const name = m[1] ? m[1].toLowerCase() : '', f = FIELDS[name];
      let raw = m[2] != null ? m[2] : m[3];
      if (name && !f) raw = m[0];  /* not a field: plain text */
      if (!name && FIELDS[raw.replace(/[:：]$/, '').toLowerCase()] && /[:：]$/.test(raw)) continue;
      const t = fold(raw);
      if (t) terms.push({ f: f || '', q: t, h: HANGUL.test(t), phrase: m[2] != null });
    }
    return terms;
  }

  function buildIndex(data) {
    const docs = [];
    let lo = Infinity, hi = -Infinity;
    (data && Array.isArray(data.papers) ? data.papers : []).forEach((p, n) => {
      if (!p || typeof p !== 'object') return;
      const y = parseInt(p.year, 10), f = {  /* ' ~ ' keeps phrases inside one item */
        t: fold(p.title) + ' ~ ' + fold(p.title_en),
        k: list(p.keywords).concat(list(p.keywords_en)).map(fold).join(' ~ '),
        a: list(p.authors).concat(list(p.authors_en)).map(fold).join(' ~ '),
        b: fold(p.abstract) + ' ~ ' + fold(p.abstract_en),
        v: fold(str(p.volume) + ' ' + str(p.year)) }, c = {};
      for (const k in f) c[k] = f[k].replace(/ /g, '');
      if (y === y) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
      docs.push({ p, n, y, f, c });
    });
    return { docs, lo, span: Math.max(1, hi - lo) };
  }

  /* 3 whole word or phrase, 2 word start, 1 inside a word (Latin: 3+ letters), 0.6 Hangul
     ignoring spaces. Korean compounds have no spaces: 기반 is found in 파운데이션모델기반. */
  function level(text, compact, t) {
    const q = t.q;
    let best = 0;
    for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + 1)) {
      if (i && text[i - 1] !== ' ') { best = best || 1; continue; }
      if (i + q.length === text.length || text[i + q.length] === ' ') return 3;
      best = 2;
    }
    if (best === 1 && !t.h && q.length < 3) best = 0;
    return best || (t.h && compact.includes(q.replace(/ /g, '')) ? 0.6 : 0);
  }

  function search(index, q) {
    const terms = typeof q === 'string' ? parseQuery(q) : q, out = [];
    if (terms.length) index.docs.forEach((d) => {
      let total = 0;
      for (const t of terms) {
        let s = 0;
        for (const f of t.f ? [t.f] : 'tkabv') s += WEIGHT[f] * level(d.f[f], d.c[f], t);
        if (!s) return;
        total += s;
      }
      out.push({ p: d.p, n: d.n, s: d.y === d.y ? total * (1 + 0.04 * (d.y - index.lo) / index.span) : total });
    });
    return out.sort((a, b) => b.s - a.s || a.n - b.n);
  }

  /* [start, end) ranges of s (NFC) that match the terms, merged; s is folded char by char. */
  function ranges(s, terms) {
    let text = '';
    const from = [], to = [], r = [], out = [];
    for (let k = 0, n; k < s.length; k += n) {
      n = s.codePointAt(k) > 0xffff ? 2 : 1;
      const f = foldRaw(s.substr(k, n)).replace(NONWORD, ' ');
      for (let j = 0; j < f.length; j++) {
        if (f[j] !== ' ' || (text && !text.endsWith(' '))) { text += f[j]; from.push(k); to.push(k + n); }
      }
    }
    for (const t of terms) {
      for (let i = text.indexOf(t.q); i >= 0; i = text.indexOf(t.q, i + 1)) {
        if (t.h || t.q.length > 2 || !i || text[i - 1] === ' ') r.push([from[i], to[i + t.q.length - 1]]);
      }
    }
    for (const x of r.sort((a, b) => a[0] - b[0])) {
      const last = out[out.length - 1];
      if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]); else out.push(x);
    }
    return out;
  }

  /* About len chars of the first abstract that matches, from a word start before its first match. */
  function snippet(p, terms, len = 200) {
    let text = nfc(p.abstract), r = ranges(text, terms);
    const en = nfc(p.abstract_en), r2 = en && !r.length ? ranges(en, terms) : [];
    if (en && (!text || r2.length)) { text = en; r = r2; }
    let a = r.length && text.length > len ? Math.max(0, r[0][0] - 60) : 0;
    if (a) a = Math.min(text.indexOf(' ', a) + 1 || a, r[0][0]);
    const b = a + len < text.length ? text.lastIndexOf(' ', a + len) : text.length;
    const e = b > a + len / 2 ? b : Math.min(a + len, text.length);
    const lang = text === en && en !== nfc(p.abstract) ? 'en' : str(p.lang);  /* for keep-all */
    return { text: text.slice(a, e), pre: a > 0, post: e < text.length, lang };
  }

  const api = { fold, parseQuery, buildIndex, search, ranges, snippet };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  /* ---- page: results are built with DOM calls; the live region gets the count ---- */
  const html = document.documentElement, cur = document.currentScript, ko = /^ko/i.test(html.lang);
  const found = (n, q) => (ko ? (n ? `“${q}” 검색 결과: 논문 ${n}편` : `“${q}”에 대한 검색 결과가 없습니다.`)
    : `${n || 'No'} paper${n === 1 ? '' : 's'} found for “${q}”.`) + (n > MAX ? (ko ? ` (${MAX}편 표시)` : ` (first ${MAX} shown)`) : '');
  const root = str(html.getAttribute('data-root') ?? document.body?.getAttribute('data-root')
    ?? str(cur?.getAttribute('src')).replace(/assets\/search\.js.*/, '')).replace(/([^/])$/, '$1/');
  const langed = (e, l) => { if (l) e.lang = str(l); return e; };
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const marked = (e, text, terms) => {
    let at = 0;
    for (const [a, b] of ranges(text, terms)) { e.append(text.slice(at, a), el('mark', '', text.slice(a, b))); at = b; }
    e.append(text.slice(at));
    return e;
  };

  function setup(form) {
    const input = form.querySelector('input[name="q"]'), status = form.querySelector('#q-search-results');
    if (!input || !status) return;
    const hits = el('ol', 'q-search-hits');
    let timer;
    hits.id = 'q-search-hits';
    hits.setAttribute('aria-label', ko ? '검색 결과' : 'Search results');
    status.after(hits);

    function run(url) {
      clearTimeout(timer);
      const q = input.value.trim(), data = window.QUIRE_INDEX;
      if (url) {
        try {
          const u = new URL(location.href);
          if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
          history.replaceState(history.state, '', u.href);
        } catch (e) { /* file:// may refuse; the search still works */ }
      }
      hits.textContent = '';
      hits.hidden = true;
      if (!q || !data) { status.textContent = q ? (ko ? '검색 색인이 없습니다.' : 'The search index is missing.') : ''; return; }
      const terms = parseQuery(q), res = search(index || (index = buildIndex(data)), terms);
      status.textContent = found(res.length, q);
      for (const { p } of res.slice(0, MAX)) {
        const li = el('li', 'q-hit'), a = el('a'), sn = snippet(p, terms);
        a.href = root + str(p.url);
        let au = list(p.authors).join(', '), al = p.lang;
        const ae = list(p.authors_en).join(', ');  /* show the names that matched */
        if (ae && !ranges(au, terms).length && ranges(ae, terms).length) { au = ae; al = 'en'; }
        li.append(el('p', 'q-hit-title'), langed(marked(el('p', 'q-hit-meta'), au, terms), al),
          el('p', 'q-hit-source', [p.volume, p.year].filter(Boolean).join(' · ')));
        li.firstChild.append(marked(langed(a, p.lang), nfc(p.title), terms));
        if (sn.text) li.append(langed(marked(el('p', 'q-hit-snippet'), (sn.pre ? '… ' : '') + sn.text + (sn.post ? ' …' : ''), terms), sn.lang));
        hits.append(li);
      }
      hits.hidden = !res.length;
    }

    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 180, true); });
    form.addEventListener('submit', (e) => { e.preventDefault(); run(true); });
    form.addEventListener('keydown', (e) => {  /* arrows walk the results, Escape goes back */
      const l = Array.from(hits.querySelectorAll('a')), i = l.indexOf(document.activeElement), k = e.key;
      let to = null;
      if (e.target === input) {
        if (k === 'ArrowDown') to = l[0];
        else if (k === 'Escape' && input.value) { input.value = ''; run(true); }
      } else if (i >= 0) to = { ArrowDown: l[i + 1], ArrowUp: l[i - 1] || input, Escape: input }[k];
      if (to) { e.preventDefault(); to.focus(); }
    });
    const q0 = new URLSearchParams(location.search).get('q');
    if (q0) { input.value = q0; run(false); }
  }

  let index = null;  /* built once, when the page loads */
  const start = () => {
    const forms = document.querySelectorAll('form.q-search');
    if (forms.length && window.QUIRE_INDEX) index = buildIndex(window.QUIRE_INDEX);
    forms.forEach(setup);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
