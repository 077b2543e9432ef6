'use strict';
// The matching and ranking of templates/search.js, in node without a browser:
// search.js exports its pure functions when `module` exists.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const FILE = path.join(__dirname, '..', '..', 'templates', 'search.js');
const S = require(FILE);

const paper = (id, o) => Object.assign({ id, url: `v/${id}/index.html`, title: '', title_en: '', authors: [],
  abstract: '', abstract_en: '', keywords: [], lang: 'en', volume: 'Vol', year: '2026' }, o);
const ids = (papers, q) => S.search(S.buildIndex({ v: 1, papers }), q).map((h) => h.p.id);

test('fold: case and Latin accents go, Hangul stays', () => {
  assert.equal(S.fold('José MARTÍNEZ Ortega'), 'jose martinez ortega');
  assert.equal(S.fold('Søren Dahl, Straße'), 'soren dahl strasse');
  assert.equal(S.fold('Jose\u0301'), 'jose');                       // decomposed input
  assert.equal(S.fold('한국어 자연어처리'), '한국어 자연어처리');
  assert.equal(S.fold('한국어'.normalize('NFD')), '한국어');            // NFD Hangul is recomposed
  assert.equal(S.fold('ㄱㄴ 하십시오체'), 'ㄱㄴ 하십시오체');               // compatibility jamo are kept
  assert.equal(S.fold('sentence-final endings (2018–2025)'), 'sentence final endings 2018 2025');
});

test('parseQuery: fields, Korean aliases, phrases, plain text', () => {
  const q = S.parseQuery('author:Kim 저자:최유진 title:"Heat  Warning" 제목:폭염 keyword:privacy 키워드:화계 "a b" free');
  assert.deepEqual(q.map((t) => [t.f, t.q, t.phrase]), [
    ['a', 'kim', false], ['a', '최유진', false], ['t', 'heat warning', true], ['t', '폭염', false],
    ['k', 'privacy', false], ['k', '화계', false], ['', 'a b', true], ['', 'free', false]]);
  assert.deepEqual(S.parseQuery('AUTHOR:Vogt').map((t) => t.f), ['a']);
  assert.deepEqual(S.parseQuery('author：Vogt').map((t) => [t.f, t.q]), [['a', 'vogt']]);   // full-width colon
  assert.deepEqual(S.parseQuery('“smart quotes”').map((t) => [t.q, t.phrase]), [['smart quotes', true]]);
  assert.deepEqual(S.parseQuery('note:x').map((t) => [t.f, t.q]), [['', 'note x']]);      // not a field
  assert.deepEqual(S.parseQuery('heat author:'), [S.parseQuery('heat')[0]]);             // still typing
  assert.deepEqual(S.parseQuery('"unclosed phr').map((t) => t.q), ['unclosed phr']);
  assert.deepEqual(S.parseQuery('  ,;  '), []);
});

const P = [
  paper('ko', { lang: 'ko', title: '파운데이션모델기반 화계 분류', authors: ['최유진', 'Anna Keller'], authors_en: ['Yujin Choi'],
    keywords: ['대화 맥락', '한국어 자연어처리'], abstract: '구어체 텍스트에서는 어미가 생략되는 경우가 많다.' }),
  paper('heat', { title: 'Heatwave Warnings and Emergency Visits', authors: ['Helena Vogt', 'José Martínez Ortega'],
    keywords: ['heat warning'], abstract: 'Warnings were followed by fewer visits among older adults.' }),
  paper('survey', { title: 'Mixed-Mode Surveys', authors: ['Søren Dahl'], keywords: ['survey'], year: '2025',
    abstract: 'Respondents mentioned a heat warning in open answers.' }),
];

test('Korean: substring inside compounds, spacing-insensitive, Hangul kept intact', () => {
  assert.deepEqual(ids(P, '기반'), ['ko']);
  assert.deepEqual(ids(P, '운데'), ['ko']);
  assert.deepEqual(ids(P, '대화맥락'), ['ko']);             // keyword written with a space
  assert.deepEqual(ids(P, '자연어 처리'), ['ko']);
  assert.deepEqual(ids(P, '화계'.normalize('NFD')), ['ko']); // NFD query
  assert.deepEqual(ids(P, '저자:최유진'), ['ko']);
  assert.deepEqual(ids(P, 'author:choi'), ['ko']);           // authors_en is searched too
  assert.deepEqual(ids(P, '제목:생략'), []);                 // only in the abstract
  assert.deepEqual(ids(P, '생략'), ['ko']);
  assert.deepEqual(ids(P, 'ㅎ'), []);                        // a jamo is not a syllable
});

test('fields restrict, every term must match, phrases keep order', () => {
  assert.deepEqual(ids(P, 'author:vogt'), ['heat']);
  assert.deepEqual(ids(P, 'author:martinez'), ['heat']);    // accent-insensitive
  assert.deepEqual(ids(P, 'author:MARTÍNEZ'), ['heat']);
  assert.deepEqual(ids(P, 'author:soren'), ['survey']);
  assert.deepEqual(ids(P, 'title:survey'), ['survey']);
  assert.deepEqual(ids(P, 'title:older'), []);
  assert.deepEqual(ids(P, 'keyword:"heat warning"'), ['heat']);
  assert.deepEqual(ids(P, 'heat vogt'), ['heat']);
  assert.deepEqual(ids(P, 'heat zzqx'), []);
  assert.deepEqual(ids(P, '"heat warning"').sort(), ['heat', 'survey']);
  assert.deepEqual(ids(P, '"warning heat"'), []);
  assert.deepEqual(ids(P, '"helena vogt"'), ['heat']);
  assert.deepEqual(ids(P, '"vogt jose"'), []);              // no phrase across two authors
  assert.deepEqual(ids(P, ''), []);
  assert.deepEqual(ids(P, 'ar'), []);                       // 2 Latin letters: word starts only
  assert.deepEqual(ids(P, 'wa'), ['heat', 'survey'].filter((id) => ids(P, 'warning').includes(id)));
});

test('ranking: title > keywords > authors > abstract', () => {
  const papers = [
    paper('abstract', { abstract: 'about zebra crossings' }),
    paper('authors', { authors: ['Ann Zebra'] }),
    paper('keywords', { keywords: ['zebra'] }),
    paper('title', { title: 'Zebra' }),
  ];
  assert.deepEqual(ids(papers, 'zebra'), ['title', 'keywords', 'authors', 'abstract']);
});

test('ranking: whole word > prefix > substring; recent year breaks ties only', () => {
  const papers = [
    paper('inside', { title: 'Subnetworks' }),
    paper('prefix', { title: 'Networked data' }),
    paper('word', { title: 'A network' }),
  ];
  assert.deepEqual(ids(papers, 'network'), ['word', 'prefix', 'inside']);
  const years = [paper('old', { title: 'Fog', year: '2019' }), paper('new', { title: 'Fog', year: '2026' })];
  assert.deepEqual(ids(years, 'fog'), ['new', 'old']);
  const field = [paper('new-abstract', { abstract: 'fog', year: '2026' }), paper('old-title', { title: 'fog', year: '2019' })];
  assert.deepEqual(ids(field, 'fog'), ['old-title', 'new-abstract']);
  const bad = [paper('x', { year: 'n/a', title: 'fog' }), null, 'junk', paper('y', { title: 'fog', authors: 'One Name' })];
  assert.deepEqual(ids(bad, 'fog').sort(), ['x', 'y']);
  assert.deepEqual(ids(bad, 'author:name'), ['y']);
  assert.deepEqual(S.search(S.buildIndex(undefined), 'fog'), []);
});

test('ranges map folded matches back onto the original text', () => {
  const terms = S.parseQuery('martinez "heat warning" 기반');
  const show = (s) => S.ranges(s, terms).map(([a, b]) => s.slice(a, b));
  assert.deepEqual(show('José Martínez Ortega'), ['Martínez']);
  assert.deepEqual(show('Jose\u0301 Marti\u0301nez'), ['Marti\u0301nez']);
  assert.deepEqual(show('A heat-warning, and HEAT   WARNING.'), ['heat-warning', 'HEAT   WARNING']);
  assert.deepEqual(show('파운데이션모델기반 분류'), ['기반']);
  assert.deepEqual(show('𝒜 heat warning'), ['heat warning']);  // astral characters before a match
  assert.deepEqual(S.ranges('overlap', S.parseQuery('overl verla')), [[0, 6]]);
});

test('snippet: a window around the first match, with ellipsis flags', () => {
  const long = 'Lorem ipsum dolor sit amet. '.repeat(20) + 'The zebra appears here. ' + 'Tail text. '.repeat(20);
  const sn = S.snippet({ abstract: long }, S.parseQuery('zebra'));
  assert.ok(sn.pre && sn.post);
  assert.ok(sn.text.length <= 200 && sn.text.length > 100, sn.text);
  assert.match(sn.text, /^\S.* The zebra appears here\. .*\S$/);   // whole words at both ends
  assert.deepEqual(S.ranges(sn.text, S.parseQuery('zebra')).map(([a, b]) => sn.text.slice(a, b)), ['zebra']);
  const en = S.snippet({ abstract: '한국어 초록', abstract_en: 'An English abstract about zebras', lang: 'ko' }, S.parseQuery('zebra'));
  assert.equal(en.text, 'An English abstract about zebras');
  assert.equal(en.lang, 'en');   // the passage shown says its language
  const ko = S.snippet({ abstract: '한국어 초록', abstract_en: 'English', lang: 'ko' }, S.parseQuery('초록'));
  assert.equal(ko.text, '한국어 초록');
  assert.equal(ko.lang, 'ko');   // so Hangul wraps between words (keep-all)
  const first = S.snippet({ abstract: 'word '.repeat(100) }, S.parseQuery('title:x'));
  assert.deepEqual([first.pre, first.post, first.text.length <= 200], [false, true, true]);
  const none = S.snippet({ abstract: 'short' }, S.parseQuery('title:x'));
  assert.deepEqual([none.text, none.pre, none.post], ['short', false, false]);
  const edge = S.snippet({ abstract: 'x'.repeat(300) + ' zebra' }, S.parseQuery('zebra'));
  assert.ok(edge.text.includes('zebra'), 'a match after a long word is still shown');
});

test('search.js loads in a bare context without DOM, errors or globals', () => {
  const code = fs.readFileSync(FILE, 'utf8');
  const sandbox = { module: { exports: {} } };
  vm.runInNewContext(code, sandbox, { filename: FILE });
  assert.deepEqual(Object.keys(sandbox).sort(), ['module']);
  assert.equal(typeof sandbox.module.exports.search, 'function');
  const browserLike = { window: {}, document: undefined };
  vm.runInNewContext(code, browserLike, { filename: FILE });   // no module, no document: nothing happens
  assert.deepEqual(Object.keys(browserLike).sort(), ['document', 'window']);
});

test('search.js stays small and writes no HTML strings', () => {
  const code = fs.readFileSync(FILE, 'utf8');
  assert.ok(Buffer.byteLength(code) < 10240, `search.js is ${Buffer.byteLength(code)} bytes`);
  assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|fetch\(/);
});

test('a big archive is indexed and searched quickly', (t) => {
  const many = [];
  for (let i = 0; i < 3000; i++) {
    many.push(paper(`p${i}`, { title: `Paper ${i} on 데이터기반 분석 and résumé parsing`, authors: [`Author ${i}`],
      abstract: 'word '.repeat(200) + i, keywords: ['k' + i], year: String(2000 + (i % 27)) }));
  }
  const t0 = process.hrtime.bigint();
  const index = S.buildIndex({ v: 1, papers: many });
  const t1 = process.hrtime.bigint();
  const res = S.search(index, '기반 resume');
  const t2 = process.hrtime.bigint();
  assert.equal(res.length, 3000);
  assert.equal(res[0].p.year, '2026');
  const build = Number(t1 - t0) / 1e6, query = Number(t2 - t1) / 1e6;
  t.diagnostic(`index ${build.toFixed(0)} ms, query ${query.toFixed(0)} ms`);
  assert.ok(build < 3000 && query < 500, `index ${build} ms, query ${query} ms`);
});
