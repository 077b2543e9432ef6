'use strict';
// Crawl the archive from index.html over internal links (file:// and http://127.0.0.1)
// and require every page to load without console errors, uncaught exceptions or failed
// requests; internal links must point at files that exist, #fragments at ids that exist,
// and no page may carry inline script (the site runs under CSP script-src 'self').
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { SKIP, SITE, launch, bases, toPath, watch } = require('./helpers');

const CAP = Number(process.env.QUIRE_CRAWL_CAP || 60);

async function crawl(browser, base, dir = SITE) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  const queue = [base + 'index.html'];
  const seen = new Set(queue);
  const ids = new Map();       // page url -> Set of ids
  const fragments = [];        // [from, page url, id]
  const report = [];
  let visited = 0;
  while (queue.length && visited < CAP) {
    const url = queue.shift();
    visited++;
    problems.length = 0;
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 30000 });
      await page.waitForTimeout(50);   // let deferred scripts report
    } catch (e) {
      report.push(`${url}: does not load: ${e.message.split('\n')[0]}`);
      continue;
    }
    const info = await page.evaluate(() => ({
      links: Array.from(document.querySelectorAll('a[href], area[href]'), (a) => a.href),
      ids: Array.from(document.querySelectorAll('[id], a[name]'), (e) => e.id || e.getAttribute('name')),
      inline: Array.from(document.scripts).filter((s) => !s.src && s.type !== 'application/ld+json'
        && s.type !== 'application/json').length,
      handlers: Array.from(document.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes)
        .filter((a) => /^on/i.test(a.name)).map((a) => `<${e.localName} ${a.name}>`)),
      jsUrls: Array.from(document.querySelectorAll('a[href^="javascript:" i]'), (a) => a.getAttribute('href')),
      // A displayed formula scrolls sideways when too wide, never up and
      // down, and nothing of it is cut off.
      tallMath: Array.from(document.querySelectorAll('.q-math-display'))
        .filter((e) => e.scrollHeight > e.clientHeight + 1)
        .map((e) => (e.querySelector('annotation') || e).textContent.trim().slice(0, 40)),
    }));
    for (const p of problems) report.push(`${url}: ${p}`);
    if (info.inline) report.push(`${url}: ${info.inline} inline <script> element(s)`);
    for (const h of info.handlers) report.push(`${url}: inline event handler ${h}`);
    for (const j of info.jsUrls) report.push(`${url}: javascript: link ${j}`);
    for (const m of info.tallMath) report.push(`${url}: displayed formula taller than its box: ${m}`);
    ids.set(url, new Set(info.ids));
    for (const href of info.links) {
      if (!href.startsWith(base)) continue;
      const [noHash, hash] = href.split('#');
      let target = noHash.split('?')[0];
      let file = toPath(target, base, dir);
      if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        file = path.join(file, 'index.html');
        target = target.replace(/\/?$/, '/index.html');
      } else if (target.endsWith('/')) target += 'index.html';
      if (!file || !fs.existsSync(file)) { report.push(`${url}: broken link ${href}`); continue; }
      if (hash) fragments.push([url, target, decodeURIComponent(hash)]);
      if (/\.x?html?$/i.test(target) && !seen.has(target)) { seen.add(target); queue.push(target); }
    }
  }
  for (const [from, target, id] of fragments) {
    if (ids.has(target) && !ids.get(target).has(id)) report.push(`${from}: link to missing anchor ${target}#${id}`);
  }
  await context.close();
  return { visited, report: [...new Set(report)], notes: [...problems.notes] };
}

test('crawl: every page loads cleanly', { skip: SKIP, timeout: 600000 }, async (t) => {
  const browser = await launch();
  const { srv, modes } = await bases(SITE);
  t.after(async () => { await browser.close(); await srv.close(); });
  for (const [mode, base] of Object.entries(modes)) {
    await t.test(`${mode}: pages load without console errors, failed requests or broken links`, async () => {
      const { visited, report, notes } = await crawl(browser, base);
      t.diagnostic(`${mode}: crawled ${visited} page(s), cap ${CAP}`);
      assert.ok(visited >= 1);
      for (const n of notes) t.diagnostic(`${mode}: note: ${n}`);
      assert.equal(report.length, 0, `${report.length} problem(s):\n  ${report.join('\n  ')}`);
    });
  }
});

// The real papers (scripts/corpus-site.sh): formulas, tables and code from the
// JOSS corpus must load as cleanly as the samples (the CSP blocks any inline
// style a writer lets through).  Over file:// only: the http pass adds nothing
// the sample site's does not.
const CORPUS_SITE = process.env.QUIRE_CORPUS_SITE ? path.resolve(process.env.QUIRE_CORPUS_SITE) : '';
test('crawl: the corpus site loads cleanly', {
  skip: SKIP || (!CORPUS_SITE ? 'QUIRE_CORPUS_SITE is not set' : false), timeout: 600000,
}, async (t) => {
  const browser = await launch();
  t.after(() => browser.close());
  const { visited, report, notes } = await crawl(browser, require('node:url').pathToFileURL(CORPUS_SITE).href + '/', CORPUS_SITE);
  t.diagnostic(`corpus: crawled ${visited} page(s), cap ${CAP}`);
  assert.ok(visited >= 10, `only ${visited} page(s) reached`);
  for (const n of notes) t.diagnostic(`corpus: note: ${n}`);
  assert.equal(report.length, 0, `${report.length} problem(s):\n  ${report.join('\n  ')}`);
});
