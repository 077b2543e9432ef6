'use strict';
// The search box of the archive, driven in Chromium over file:// and http://127.0.0.1.
// Query words are taken from the site's own search-index.js at run time.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { SKIP, SITE, launch, bases, readIndex, toPath, watch, rootOf, fold, samplePages, text, words, koreanPiece,
  englishSurname } = require('./helpers');

const INPUT = 'form.q-search input[name="q"]';
const STATUS = '#q-search-results';
const HITS = '#q-search-hits';

async function query(page, q, { submit = false } = {}) {
  const input = page.locator(INPUT).first();
  // Empty the live region first so that a stale message cannot satisfy the wait.
  await page.$eval(STATUS, (el) => { el.textContent = ''; });
  await input.fill(q);
  if (submit) await input.press('Enter');
  await page.waitForFunction(([sel, want]) => {
    const el = document.querySelector(sel);
    return el && el.textContent.includes(want);
  }, [STATUS, q.trim()], { timeout: 5000 });
  return hits(page);
}

function hits(page) {
  return page.$$eval(`${HITS} li`, (lis) => lis.map((li) => {
    const a = li.querySelector('a[href]');
    const sn = li.querySelector('.q-hit-snippet');
    return { href: a && a.getAttribute('href'), abs: a && a.href, text: li.textContent,
      marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
      snippetLang: sn && sn.closest('[lang]').lang,
      snippetBreak: sn && getComputedStyle(sn).wordBreak };
  }));
}

test('search on the home page', { skip: SKIP, timeout: 300000 }, async (t) => {
  const index = readIndex();
  const papers = index.papers || [];
  assert.ok(papers.length, 'search-index.js lists no papers');
  const ko = koreanPiece(papers);
  const en = englishSurname(papers);
  const browser = await launch();
  const { srv, modes } = await bases(SITE);
  t.after(async () => { await browser.close(); await srv.close(); });

  for (const [mode, base] of Object.entries(modes)) {
    await t.test(mode, async (t) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = watch(page);
      t.after(() => context.close());
      await page.goto(base + 'index.html');
      await page.waitForSelector(INPUT);
      let root = (await rootOf(page)) || '';
      if (root && !root.endsWith('/')) root += '/';
      const expect = (p) => root + p.url;
      const find = (list, p) => list.find((h) => h.href === expect(p));

      await t.test('a Korean paper is found by a 2-syllable piece of a longer word', { skip: !ko && 'no Korean paper' },
        async () => {
          t.diagnostic(`${mode}: ${ko.piece} (inside ${ko.word}) → ${ko.paper.id}`);
          const list = await query(page, ko.piece);
          const hit = find(list, ko.paper);
          assert.ok(hit, `${ko.piece} did not find ${ko.paper.id}; got ${list.map((h) => h.href).join(', ')}`);
          assert.ok(hit.marks.some((m) => m.includes(ko.piece)), `no <mark>${ko.piece}</mark> in ${hit.text}`);
          if (hit.snippetLang) {   // a Korean passage wraps between words, not inside them
            assert.equal(hit.snippetLang, 'ko');
            assert.equal(hit.snippetBreak, 'keep-all');
          }
          assert.ok(fs.existsSync(toPath(hit.abs, base)), `result link ${hit.abs} points nowhere`);
        });

      await t.test('an English paper is found by author:<surname>', { skip: !en && 'no English paper' }, async () => {
        t.diagnostic(`${mode}: author:${en.surname} → ${en.paper.id}`);
        const list = await query(page, `author:${en.surname}`);
        assert.ok(find(list, en.paper), `author:${en.surname} did not find ${en.paper.id}`);
        const by = new Map(papers.map((p) => [expect(p), p]));
        for (const h of list) {
          const p = by.get(h.href);
          assert.ok(p, `result ${h.href} is not ROOT + url of an index entry`);
          assert.ok((p.authors || []).concat(p.authors_en || []).some((a) => words(a).some((w) => w.includes(fold(en.surname)))),
            `${p.id} has no author like ${en.surname}`);
        }
        const upper = await query(page, `AUTHOR:${en.surname.toUpperCase()}`);
        assert.deepEqual(upper.map((h) => h.href), list.map((h) => h.href), 'field names and words ignore case');
        const plain = fold(en.surname);
        if (plain !== en.surname.toLowerCase()) {
          const noAccents = await query(page, `author:${plain}`);
          assert.ok(find(noAccents, en.paper), `author:${plain} (without accents) did not find ${en.paper.id}`);
        }
      });

      await t.test('accents are ignored for Latin text', async (t) => {
        // a Latin word that loses an accent when folded (José → jose), and the paper it is in
        const accented = (q) => (text(q).match(/\p{Script=Latin}{3,}/gu) || [])
          .find((w) => fold(w) !== w.toLowerCase() && /^[a-z]+$/.test(fold(w)));
        const p = papers.find(accented);
        if (!p) return t.skip('no accented Latin word in the index');
        const w = accented(p);
        t.diagnostic(`${w} → ${fold(w)}`);
        const list = await query(page, fold(w));
        assert.ok(find(list, p), `${fold(w)} did not find ${p.id} (${w})`);
      });

      await t.test('title:, keyword: and the Korean field names', { skip: !en && 'no English paper' }, async () => {
        const p = en.paper;
        const tw = words(p.title).filter((w) => w.length >= 4).sort((a, b) => b.length - a.length)[0];
        assert.ok(find(await query(page, `title:${tw}`), p), `title:${tw} did not find ${p.id}`);
        assert.ok(find(await query(page, `제목:${tw}`), p), `제목:${tw} did not find ${p.id}`);
        const inTitle = fold(`${p.title} ${p.title_en || ''}`);
        const aw = words(`${p.abstract} ${p.abstract_en || ''}`).find((w) => w.length >= 5 && /^\p{L}+$/u.test(w)
          && !inTitle.includes(w));
        if (aw) {
          assert.ok(find(await query(page, aw), p), `${aw} did not find ${p.id}`);
          assert.ok(!find(await query(page, `title:${aw}`), p), `title:${aw} found ${p.id} by its abstract`);
        }
        const kw = (p.keywords || [])[0];
        if (kw) {
          assert.ok(find(await query(page, `keyword:"${kw}"`), p), `keyword:"${kw}" did not find ${p.id}`);
          assert.ok(find(await query(page, `키워드:"${kw}"`), p), `키워드:"${kw}" did not find ${p.id}`);
        }
        const first = (p.authors || [])[0];
        if (first) assert.ok(find(await query(page, `저자:"${first}"`), p), `저자:"${first}" did not find ${p.id}`);
        if (ko) {
          const kt = String(ko.paper.title).normalize('NFC').match(/[\uac00-\ud7a3]{2,}/);
          if (kt) assert.ok(find(await query(page, `제목:${kt[0]}`), ko.paper), `제목:${kt[0]} did not find ${ko.paper.id}`);
        }
      });

      await t.test('quoted phrases and AND across terms', { skip: !en && 'no English paper' }, async () => {
        const p = en.paper;
        const tws = words(p.title);
        let i = tws.findIndex((w, j) => j + 1 < tws.length && w.length >= 3 && tws[j + 1].length >= 3
          && /^\p{L}+$/u.test(w + tws[j + 1]) && w !== tws[j + 1]);
        if (i < 0) i = 0;
        const [a, b] = [tws[i], tws[i + 1] || tws[i]];
        const phrase = await query(page, `"${a} ${b}"`);
        assert.ok(find(phrase, p), `"${a} ${b}" did not find ${p.id}`);
        assert.ok(phrase.some((h) => h.marks.some((m) => fold(m).replace(/[^\p{L}\p{N}]+/gu, ' ') === `${a} ${b}`)),
          `"${a} ${b}" is not marked as one phrase`);
        if (a !== b && !fold(text(p)).replace(/[^\p{L}\p{N}]+/gu, ' ').includes(`${b} ${a}`)) {
          assert.ok(!find(await query(page, `"${b} ${a}"`), p), `"${b} ${a}" (reversed) still found ${p.id}`);
        }
        assert.ok(find(await query(page, `${b} ${a}`), p), `${b} ${a} (two words) did not find ${p.id}`);
        const none = await query(page, `${a} zqxjvkw`);
        assert.equal(none.length, 0, 'every term must match');
        assert.match(await page.textContent(STATUS), /No papers|없습니다/);
      });

      await t.test('Enter searches in place, count is announced, arrows move through results',
        { skip: !en && 'no English paper' }, async () => {
          await page.evaluate(() => { window.__stay = 1; });
          const q = `author:${en.surname}`;
          const list = await query(page, q, { submit: true });
          assert.equal(await page.evaluate(() => window.__stay), 1, 'the page reloaded on submit');
          assert.equal(await page.getAttribute(STATUS, 'aria-live'), 'polite');
          const status = await page.textContent(STATUS);
          assert.ok(status.includes(String(list.length)), `the live region does not give the count: ${status}`);
          if (mode === 'http') assert.equal(new URL(page.url()).searchParams.get('q'), q, 'the URL has no ?q=');
          await page.focus(INPUT);
          await page.keyboard.press('ArrowDown');
          assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), list[0].href);
          if (list.length > 1) {
            await page.keyboard.press('ArrowDown');
            assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), list[1].href);
            await page.keyboard.press('ArrowUp');
          }
          await page.keyboard.press('Escape');
          assert.equal(await page.evaluate(() => document.activeElement.name), 'q');
          await page.keyboard.press('ArrowDown');
          const target = new URL(list[0].href, page.url()).href;
          await Promise.all([page.waitForURL(target), page.keyboard.press('Enter')]);
        });

      await t.test('?q= in the URL runs the search on load', { skip: !en && 'no English paper' }, async () => {
        const q = `author:${en.surname}`;
        await page.goto(`${base}index.html?q=${encodeURIComponent(q)}`);
        await page.waitForFunction(([s, want]) => (document.querySelector(s) || {}).textContent?.includes(want),
          [STATUS, q], { timeout: 5000 });
        assert.equal(await page.inputValue(INPUT), q);
        assert.ok(find(await hits(page), en.paper), `?q=${q} did not list ${en.paper.id}`);
        if (ko) {
          await page.goto(`${base}index.html?q=${encodeURIComponent(ko.piece)}`);
          await page.waitForFunction(([s, want]) => (document.querySelector(s) || {}).textContent?.includes(want),
            [STATUS, ko.piece], { timeout: 5000 });
          assert.ok(find(await hits(page), ko.paper), `?q=${ko.piece} did not list ${ko.paper.id}`);
        }
      });

      await t.test('index.html#<input id> (the site\'s Search link) lands in the box', async () => {
        const id = await page.goto(base + 'index.html').then(() => page.getAttribute(INPUT, 'id'));
        if (!id) return;
        await page.goto('about:blank');
        await page.goto(`${base}index.html#${id}`);
        await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), INPUT, { timeout: 5000 });
      });

      await t.test('a search form on other pages links results right', { skip: !en && 'no English paper' }, async (t) => {
        let tried = 0;
        for (const [, rel] of samplePages(index).slice(1)) {
          await page.goto(base + rel);
          const here = await page.$(`form.q-search ${STATUS}`);
          if (!here) continue;
          tried++;
          const list = await query(page, `author:${en.surname}`);
          for (const h of list) assert.ok(fs.existsSync(toPath(h.abs, base) || ''), `${rel}: result ${h.href} → ${h.abs} is missing`);
        }
        if (!tried) t.skip('no other page has a search form with results');
      });

      assert.equal(problems.length, 0, `console errors or failed requests during search:\n  ${problems.join('\n  ')}`);
    });
  }
});
