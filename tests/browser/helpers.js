'use strict';
// Shared helpers for the browser tests: the site under test (env QUIRE_SITE),
// Debian's Chromium through playwright-core, a bounded static server on 127.0.0.1,
// and a watcher that collects console errors and failed requests of a page.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const vm = require('node:vm');
const { pathToFileURL, fileURLToPath } = require('node:url');

const SITE = process.env.QUIRE_SITE ? path.resolve(process.env.QUIRE_SITE) : '';
const SKIP = !SITE ? 'QUIRE_SITE is not set (scripts/browser-tests.sh SITE_DIR sets it)'
  : !fs.existsSync(path.join(SITE, 'index.html')) ? `no index.html in QUIRE_SITE=${SITE}` : false;
const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SCREENSHOTS = path.join(__dirname, 'screenshots');
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };

async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60000 });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.pdf': 'application/pdf', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.otf': 'font/otf', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.ico': 'image/x-icon', '.bib': 'text/plain; charset=utf-8',
};

// A static server for `dir` on 127.0.0.1 (random port). Bounded: at most maxRequests
// requests, and it closes by itself after lifetimeMs even if a test forgets to.
function serve(dir, { maxRequests = 20000, lifetimeMs = 10 * 60 * 1000 } = {}) {
  let count = 0;
  const server = http.createServer((req, res) => {
    if (++count > maxRequests) { res.writeHead(503); res.end(); return; }
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '\0'; }
    let file = path.join(dir, path.normalize(rel));
    if (rel.includes('\0') || (file !== dir && !file.startsWith(dir + path.sep))) {
      res.writeHead(400); res.end(); return;
    }
    try {
      if (fs.statSync(file).isDirectory()) {
        if (!rel.endsWith('/')) { res.writeHead(301, { Location: rel + '/' }); res.end(); return; }
        file = path.join(file, 'index.html');
      }
      const body = fs.readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found');
    }
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const timer = setTimeout(() => server.close(), lifetimeMs);
      timer.unref();
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((r) => { clearTimeout(timer); server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

// Base URLs of the site in both modes; `start` opens what is needed.
async function bases(dir) {
  const srv = await serve(dir);
  return { srv, modes: { file: pathToFileURL(dir).href.replace(/\/?$/, '/'), http: srv.url } };
}

// The search index as the pages see it: run search-index.js with a fake window.
function readIndex(dir = SITE) {
  const window = {};
  const code = fs.readFileSync(path.join(dir, 'search-index.js'), 'utf8');
  vm.runInNewContext(code, { window, self: window }, { filename: 'search-index.js', timeout: 5000 });
  return window.QUIRE_INDEX;
}

// Map a URL of the site (file: or http:) back to a path in the site folder, or null.
function toPath(url, base, dir = SITE) {
  if (!url.startsWith(base)) return null;
  const u = new URL(url);
  if (u.protocol === 'file:') return fileURLToPath(u.href.split(/[?#]/)[0]);
  let rel;
  try { rel = decodeURIComponent(u.pathname); } catch { return null; }
  let file = path.join(dir, path.normalize(rel));
  if (rel.endsWith('/')) file = path.join(file, 'index.html');
  return file;
}

// Collect what goes wrong on a page: console errors, uncaught exceptions, failed
// requests and HTTP errors. Returns the array it fills.
// The browser's own request for /favicon.ico (no <link rel=icon> on the page) is kept
// apart in problems.notes: it is not something a page asked for.
function watch(page) {
  const problems = [];
  problems.notes = new Set();
  const favicon = (url) => /\/favicon\.ico$/.test(url || '');
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = (m.location() || {}).url || '?';
    if (favicon(where)) problems.notes.add(`no favicon: the browser's request for ${where} failed`);
    else problems.push(`console error: ${m.text()} (${where})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (!favicon(r.url())) problems.push(`request failed: ${r.url()} (${(r.failure() || {}).errorText || '?'})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !favicon(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

// The relative path from a page to the site root as the page declares it.
function rootOf(page) {
  return page.evaluate(() => document.documentElement.getAttribute('data-root')
    ?? (document.body && document.body.getAttribute('data-root')));
}

const HANGUL = /[\uac00-\ud7a3]/;
const isKorean = (p) => p.lang === 'ko' || (!p.lang && HANGUL.test(p.title || ''));
const isEnglish = (p) => p.lang === 'en' || (!p.lang && !HANGUL.test(p.title || ''));
const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').toLowerCase();

// Representative pages: home, a volume page, a Korean and an English paper page.
function samplePages(index, dir = SITE) {
  const papers = (index && index.papers) || [];
  const ko = papers.find((p) => isKorean(p) && fs.existsSync(path.join(dir, p.url)));
  const en = papers.find((p) => isEnglish(p) && fs.existsSync(path.join(dir, p.url)));
  const anyPaper = en || ko || papers[0];
  const pages = [['home', 'index.html']];
  if (anyPaper) {
    const vol = anyPaper.url.split('/')[0] + '/index.html';
    if (fs.existsSync(path.join(dir, vol))) pages.push(['volume', vol]);
  }
  if (ko) pages.push(['paper-ko', ko.url]);
  if (en) pages.push(['paper-en', en.url]);
  return pages;
}

const text = (p) => [p.title, p.title_en, p.abstract, p.abstract_en, p.volume, p.year]
  .concat(p.authors || [], p.authors_en || [], p.keywords || [], p.keywords_en || []).map((s) => String(s || '').normalize('NFC')).join(' | ');
const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// A 2-syllable piece from inside a longer Korean word of a Korean paper: found only
// through the n-gram/substring path. Prefers pieces strictly inside words of 4+
// syllables, then pieces that few papers contain.
function koreanPiece(papers) {
  let best = null;
  for (const p of papers.filter(isKorean)) {
    for (const src of [p.title, p.abstract]) {
      for (const w of String(src || '').normalize('NFC').match(/[\uac00-\ud7a3]{3,}/g) || []) {
        const inside = w.length >= 4;
        for (let i = 1; i + 2 <= w.length - (inside ? 1 : 0); i++) {
          const piece = w.slice(i, i + 2);
          const count = papers.filter((q) => text(q).includes(piece)).length;
          const key = [inside ? 0 : 1, count];
          if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) {
            best = { paper: p, piece, word: w, key };
          }
        }
      }
    }
  }
  return best;
}

// A surname (last name token) of an author of an English paper, the rarest one.
function englishSurname(papers) {
  let best = null;
  for (const p of papers.filter(isEnglish)) {
    for (const a of p.authors || []) {
      const toks = String(a).normalize('NFC').match(/[\p{Script=Latin}'’-]+/gu) || [];
      const s = toks.length ? toks[toks.length - 1].replace(/^['’-]+|['’-]+$/g, '') : '';
      if (s.length < 2) continue;
      const count = papers.filter((q) => (q.authors || []).concat(q.authors_en || [])
        .some((x) => words(x).includes(fold(s)))).length;
      if (!best || count < best.count) best = { paper: p, surname: s, count };
    }
  }
  return best;
}

module.exports = {
  text, words, koreanPiece, englishSurname,
  SITE, SKIP, ARGS, CHROMIUM, SCREENSHOTS, VIEWPORTS, HANGUL,
  launch, serve, bases, readIndex, toPath, watch, rootOf, isKorean, isEnglish, fold, samplePages,
};
