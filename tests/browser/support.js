/*
 * support.js -- what the admin pages' browser tests share: Debian's chromium driven by
 * playwright-core (never a downloaded browser), the scenario tests/e2e/test_browser.py made,
 * sign-in, screenshots at both sizes, and the chart check.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE = process.env.BILLBOARD_URL || 'http://127.0.0.1:8080';
const SCENARIO = JSON.parse(fs.readFileSync(process.env.BILLBOARD_BROWSER_SCENARIO, 'utf8'));
const SHOTS = process.env.BILLBOARD_BROWSER_SHOTS;
const CHROMIUM = process.env.BILLBOARD_CHROMIUM || '/usr/bin/chromium';
/* The two sizes every page must work at: a laptop and a phone. */
const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '390x844', width: 390, height: 844 },
];

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    /* Root in a container: no user namespaces for chromium's sandbox, a small /dev/shm. */
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/* A fresh context (its own cookies) with a page that records errors and outside requests. */
async function open(browser) {
  const context = await browser.newContext({ viewport: SIZES[0] });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(BASE) && !req.url().startsWith('data:')) page.problems.push(`outside request: ${req.url()}`);
  });
  return page;
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="1"]');
}

async function login(page, account) {
  await page.goto(`${BASE}/admin/login.html`);
  await page.fill('#login', account.login);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL(/\/admin\/index\.html$/), page.click('#login-submit')]);
  await ready(page);
}

/* Full-page screenshots at both sizes, SHOTS/<name>-<size>.png; back to the first size. */
async function shoot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(300); /* the charts redraw after a resize settles */
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) page.problems.push(`${name} at ${size.name}: ${overflow}px wider than the window`);
  }
  await page.setViewportSize(SIZES[0]);
}

/* Pixels a chart's canvas has drawn (not fully transparent); 0 when there is no canvas. */
async function chartPixels(page, field) {
  const canvas = page.locator(`[data-chart="${field}"] canvas`);
  await canvas.waitFor();
  return canvas.evaluate((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
}

/* GET from inside the page, with its session: what the API says right now. */
async function apiGet(page, url) {
  return page.evaluate(async (u) => (await fetch(u)).json(), url);
}

module.exports = { BASE, SCENARIO, launch, open, ready, login, shoot, chartPixels, apiGet };
