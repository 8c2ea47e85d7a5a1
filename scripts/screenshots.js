#!/usr/bin/env node
/*
 * screenshots.js -- the README's pictures of the admin pages: signs in to a running stack
 * (after scripts/demo.sh, say) and saves the overview, the advertisers, the first advertiser,
 * its first campaign, the review queue and the admin page, at 1280x800 and the overview also
 * at 390x844, as PNG files in DIR. Uses Debian's chromium through playwright-core.
 *
 *   node scripts/screenshots.js URL LOGIN DIR    (the password on standard input)
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

async function main() {
  const [base, login, dir] = process.argv.slice(2);
  if (!base || !login || !dir) {
    console.error('usage: node scripts/screenshots.js URL LOGIN DIR  (password on stdin)');
    process.exit(2);
  }
  const password = fs.readFileSync(0, 'utf8').trim();
  fs.mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.BILLBOARD_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const shot = async (name, url) => {
      await page.goto(`${base}/admin/${url}`);
      await page.waitForSelector('body[data-ready="1"]');
      await page.waitForTimeout(300); /* the charts draw after layout */
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
      console.log(path.join(dir, `${name}.png`));
    };
    await page.goto(`${base}/admin/login.html`);
    await page.fill('#login', login);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(/\/admin\/index\.html$/), page.click('#login-submit')]);
    const api = async (p) => page.evaluate(async (u) => (await fetch(u)).json(), p);

    await shot('overview', 'index.html');
    await shot('advertisers', 'advertisers.html');
    const [adv] = await api('/admin/api/advertisers?size=1');
    if (adv) {
      await shot('advertiser', `advertiser.html?id=${adv.advertiser_id}`);
      const [camp] = await api(`/advertisers/${adv.advertiser_id}/campaigns?size=1`);
      if (camp) await shot('campaign', `campaign.html?advertiser=${adv.advertiser_id}&id=${camp.campaign_id}`);
    }
    await shot('queue', 'queue.html?status=decided');
    await shot('admin', 'admin.html');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('overview-phone', 'index.html');
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
