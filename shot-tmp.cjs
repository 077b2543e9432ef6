const { chromium } = require('playwright-core');
(async () => {
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const w of [1200, 820, 375]) {
const p = await b.newPage({ viewport: { width: w, height: 700 } });
await p.goto('file://' + process.argv[2]);
await p.screenshot({ path: process.argv[3] + '-' + w + '.png' });
await p.close();
}
await b.close();
})();
