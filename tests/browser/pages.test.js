'use strict';
// Screenshots and accessibility of representative pages (home, a volume, a Korean and an
// English paper, and the home page showing search results) at phone (390x844) and desktop
// (1280x900) sizes. Screenshots go to tests/browser/screenshots/ (not committed); axe-core
// must report no WCAG 2 A/AA violations, no page may scroll sideways on a phone, and no
// ORCID badge may wrap away from its name.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { SKIP, SITE, SCREENSHOTS, VIEWPORTS, launch, bases, readIndex, samplePages, koreanPiece, englishSurname } =
  require('./helpers');

const AXE = require.resolve('axe-core/axe.min.js');

function describe(v) {
  const nodes = v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')}${n.failureSummary
    ? ` [${n.failureSummary.split('\n').slice(1, 2).join('').trim()}]` : ''}`);
  return `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s): ${nodes.join(' | ')}`;
}

test('pages: screenshots, axe-core (wcag2a, wcag2aa), phone width', { skip: SKIP, timeout: 600000 }, async (t) => {
  const index = readIndex();
  const papers = (index && index.papers) || [];
  const pages = samplePages(index);
  const ko = koreanPiece(papers);
  const en = englishSurname(papers);
  const q = ko ? ko.piece : en ? `author:${en.surname}` : '';
  if (q) pages.push(['search', `index.html?q=${encodeURIComponent(q)}`]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await launch();
  const { srv, modes } = await bases(SITE);
  t.after(async () => { await browser.close(); await srv.close(); });

  for (const [vp, size] of Object.entries(VIEWPORTS)) {
    // bypassCSP only so that axe can be injected; the crawl test checks pages under their CSP.
    const context = await browser.newContext({ viewport: size, bypassCSP: true, deviceScaleFactor: 1 });
    for (const [name, rel] of pages) {
      await t.test(`${name} (${vp}) ${rel}`, async (t) => {
        const page = await context.newPage();
        try {
          await page.goto(modes.http + rel, { waitUntil: 'load' });
          if (name === 'search') {
            await page.waitForSelector('#q-search-hits li', { timeout: 5000 });
            await page.evaluate(() => document.activeElement && document.activeElement.blur());
          }
          await page.evaluate(() => document.fonts && document.fonts.ready);
          // the first screen as a person sees it, and the whole page
          const file = path.join(SCREENSHOTS, `${name}-${vp}.png`);
          await page.screenshot({ path: file });
          await page.screenshot({ path: file.replace(/\.png$/, '-full.png'), fullPage: true });
          t.diagnostic(`screenshots ${path.relative(process.cwd(), file)} and -full.png`);

          const failures = [];
          if (vp === 'phone') {
            const over = await page.evaluate(() => {
              // the outermost elements that stick out past the right edge and are not
              // inside a box that scrolls or clips sideways
              const w = document.documentElement.clientWidth;
              const clipped = (e) => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
              };
              const out = (e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed';
              const wide = Array.from(document.querySelectorAll('body *'))
                .filter((e) => out(e) && !clipped(e) && !(e.parentElement && out(e.parentElement) && e.parentElement !== document.body))
                .slice(0, 6).map((e) => e.localName + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim()
                  ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ` (${Math.round(e.getBoundingClientRect().width)}px)`);
              return { scroll: document.documentElement.scrollWidth, w, wide };
            });
            if (over.scroll > over.w + 1) {
              failures.push(`scrolls sideways on a phone: ${over.scroll}px wide for ${over.w}px (${over.wide.join(', ')})`);
            }
          }
          // a person's ORCID badge stays on the line where their name ends
          const split = await page.evaluate(() => Array.from(
            document.querySelectorAll('.q-author-list li, .q-inline-list li')).filter((li) => {
            const badge = li.querySelector('.q-orcid');
            const name = li.firstElementChild;
            if (!badge || !name || name === badge) return false;
            const rects = name.getClientRects();
            const last = rects[rects.length - 1];
            const b = badge.getBoundingClientRect();
            const mid = (b.top + b.bottom) / 2;
            return mid < last.top - 2 || mid > last.bottom + 2;
          }).map((li) => li.textContent.trim()).slice(0, 4));
          if (split.length) failures.push(`ORCID badge on another line than its name: ${split.join('; ')}`);
          await page.addScriptTag({ path: AXE });
          const res = await page.evaluate(() => window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'],
          }));
          for (const v of res.violations) failures.push(`axe ${describe(v)}`);
          assert.equal(failures.length, 0, `${rel} at ${vp}:\n  ${failures.join('\n  ')}`);
        } finally {
          await page.close();
        }
      });
    }
    await context.close();
  }
});
