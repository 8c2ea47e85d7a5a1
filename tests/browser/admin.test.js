/*
 * admin.test.js -- the admin pages in a real browser against the test stack: sign-in and its
 * error, overview numbers against the API, an advertiser's and a campaign's charts, the review
 * queue with two moderators (claim conflict, decision, escalation to an admin), an ad text with
 * markup shown as text, the admin page, logout. Every test saves screenshots at both sizes.
 */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, SCENARIO, launch, open, ready, login, shoot, chartPixels, apiGet } = require('./support');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function plain(text) {
  return Number(text.replace(/[,\s]/g, ''));
}

test('login shows the error in the page, then the overview matches the API', async () => {
  const page = await open(browser);
  await page.goto(`${BASE}/admin/index.html`);
  await page.waitForURL(/login\.html\?next=/);
  await page.fill('#login', SCENARIO.admin.login);
  await page.fill('#password', 'not the password');
  await page.click('#login-submit');
  await page.locator('#login-error').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#login-error'), /login or password/i);
  await shoot(page, 'login-error');

  await login(page, SCENARIO.admin);
  const api = await apiGet(page, '/admin/api/overview');
  const stat = async (id) => (await page.textContent(`[data-stat="${id}"]`)).trim();
  assert.equal(plain(await stat('current_date')), api.current_date);
  for (const key of ['today.impressions', 'today.clicks', 'overall.impressions', 'overall.clicks',
    'campaigns.running', 'campaigns.blocked', 'campaigns.total']) {
    const [a, b] = key.split('.');
    assert.equal(plain(await stat(key)), api[a][b], key);
  }
  assert.equal(plain(await stat('overall.spent_total')).toFixed(2), Number(api.overall.spent_total).toFixed(2));
  assert.equal(await stat('fill_rate'),
    api.fill_rate === null ? 'n/a' : `${(api.fill_rate * 100).toFixed(2)} %`);
  assert.ok(api.overall.impressions > 0, 'the scenario showed ads');
  assert.ok((await chartPixels(page, 'impressions_count')) > 100, 'the impressions chart drew');
  await shoot(page, 'overview');
  assert.deepEqual(page.problems, []);
});

test('an advertiser and a campaign: totals, charts, limits, reports', async () => {
  const page = await open(browser);
  await login(page, SCENARIO.moderator1);
  await page.goto(`${BASE}/admin/advertisers.html`);
  await ready(page);
  await page.fill('#search', SCENARIO.advertiser.name);
  await page.click('form[role="search"] button');
  const link = page.locator('#results a', { hasText: SCENARIO.advertiser.name });
  await link.waitFor();
  assert.equal(await page.locator('#results tbody tr').count(), 1);
  await shoot(page, 'advertisers');

  await Promise.all([page.waitForURL(/advertiser\.html\?id=/), link.click()]);
  await ready(page);
  const stats = await apiGet(page, `/stats/advertisers/${SCENARIO.advertiser.advertiser_id}`);
  assert.equal(plain(await page.textContent('[data-stat="impressions_count"]')), stats.impressions_count);
  assert.equal(plain(await page.textContent('[data-stat="clicks_count"]')), stats.clicks_count);
  assert.ok((await chartPixels(page, 'impressions_count')) > 100, 'the advertiser chart drew');
  await shoot(page, 'advertiser');

  const campaign = page.locator('#campaigns a', { hasText: SCENARIO.campaign.ad_title });
  await Promise.all([page.waitForURL(/campaign\.html\?/), campaign.click()]);
  await ready(page);
  assert.equal(await page.textContent('h1'), SCENARIO.campaign.ad_title);
  assert.match(await page.textContent('[data-limit="impressions"]'), new RegExp(`^${SCENARIO.campaign.impressions} of `));
  assert.ok((await chartPixels(page, 'clicks_count')) > 100, 'the campaign chart drew');
  assert.match(await page.textContent('dl.fields'), /in browser-/);
  await shoot(page, 'campaign');
  assert.deepEqual(page.problems, []);
});

test('review queue: two moderators, a claim conflict, decisions, escalation to an admin', async () => {
  const one = await open(browser);
  const two = await open(browser);
  await login(one, SCENARIO.moderator1);
  await login(two, SCENARIO.moderator2);
  const id = SCENARIO.review.campaign_id;

  await one.goto(`${BASE}/admin/queue.html`);
  await ready(one);
  await one.locator(`[data-item="${id}"]`).waitFor();
  await shoot(one, 'queue');
  await Promise.all([one.waitForURL(/item\.html/), one.click(`[data-item="${id}"]`)]);
  await ready(one);
  await one.keyboard.press('c');
  await one.locator('#lease').filter({ hasText: /expires in \d+:\d\d/ }).waitFor();
  assert.equal(await one.textContent('#item-status'), 'claimed');
  await shoot(one, 'item-claimed');

  await two.goto(`${BASE}/admin/item.html?id=${id}`);
  await ready(two);
  assert.match(await two.textContent('#held'), new RegExp(`${SCENARIO.moderator1.login} is reviewing`));
  await two.click('#claim');
  await two.locator('#messages .error').waitFor();
  assert.match(await two.textContent('#messages'), /another reviewer holds a live claim/);
  assert.ok(await two.isDisabled('#took-action'));
  await shoot(two, 'item-conflict');

  await one.fill('#note', 'misleading claims');
  await one.click('#took-action');
  await one.locator('#messages .notice').filter({ hasText: 'Decision recorded' }).waitFor();

  await two.reload();
  await ready(two);
  await two.keyboard.press('c');
  await two.locator('#lease').waitFor();
  await two.keyboard.press('s');
  await two.locator('#messages .notice').filter({ hasText: 'Decision recorded' }).waitFor();
  assert.equal(await two.textContent('#item-status'), 'escalated');
  await shoot(two, 'item-escalated');

  const admin = await open(browser);
  await login(admin, SCENARIO.admin);
  await admin.goto(`${BASE}/admin/queue.html?status=escalated&flagged=`);
  await ready(admin);
  await Promise.all([admin.waitForURL(/item\.html/), admin.click(`[data-item="${id}"]`)]);
  await ready(admin);
  assert.equal(await admin.locator('text=misleading claims').count(), 1, 'earlier review and its note shown');
  await admin.click('#claim');
  await admin.locator('#lease').waitFor();
  await admin.click('#took-action');
  await admin.locator('#messages .notice').filter({ hasText: 'Decision recorded' }).waitFor();
  assert.equal(await admin.textContent('#item-status'), 'decided');
  await shoot(admin, 'item-decided');
  const campaign = await apiGet(admin, `/advertisers/${SCENARIO.review.advertiser_id}/campaigns/${id}`);
  assert.equal(campaign.moderation, 'blocked');

  await admin.click('a:text("campaign")');
  await ready(admin);
  assert.equal(await admin.textContent('#moderation'), 'blocked');
  await shoot(admin, 'campaign-blocked');
  await admin.click('#unblock');
  await admin.locator('#moderation', { hasText: 'ok' }).waitFor();
  const after = await apiGet(admin, `/advertisers/${SCENARIO.review.advertiser_id}/campaigns/${id}`);
  assert.equal(after.moderation, 'ok');
  for (const page of [one, two, admin]) assert.deepEqual(page.problems, []);
});

test('an ad text with markup is shown as text, never run', async () => {
  const page = await open(browser);
  await login(page, SCENARIO.moderator1);
  for (const url of [`item.html?id=${SCENARIO.xss.campaign_id}`,
    `campaign.html?advertiser=${SCENARIO.xss.advertiser_id}&id=${SCENARIO.xss.campaign_id}`]) {
    await page.goto(`${BASE}/admin/${url}`);
    await ready(page);
    assert.equal(await page.textContent('.ad .text'), SCENARIO.xss.ad_text);
    assert.equal(await page.textContent('.ad .title'), SCENARIO.xss.ad_title);
    assert.equal(await page.locator('main script, main img[src="x"]').count(), 0);
    assert.ok(await page.locator('td', { hasText: SCENARIO.xss.message }).count() >= 1, 'report message shown');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  }
  await shoot(page, 'xss');
  assert.deepEqual(page.problems, []);
});

test('admin page: metrics, accounts and a new one, audit; moderators are refused', async () => {
  const page = await open(browser);
  await login(page, SCENARIO.admin);
  await page.click('header a[href="admin.html"]');
  await ready(page);
  await page.locator('#audit tbody tr').first().waitFor();
  for (const who of [SCENARIO.moderator1.login, SCENARIO.moderator2.login]) {
    assert.equal(await page.locator('td', { hasText: who }).first().isVisible(), true, who);
  }
  const newLogin = `new-${Date.now().toString(36)}`;
  await page.fill('#new-login', newLogin);
  await page.fill('#new-password', 'short');
  await page.click('#new-account button');
  await page.locator('#new-account-result .error').waitFor();
  assert.match(await page.textContent('#new-account-result'), /password/);
  await page.fill('#new-password', 'a long enough password 1');
  await page.click('#new-account button');
  await page.locator('#new-account-result .notice').waitFor();
  const users = await apiGet(page, '/admin/api/users?size=500');
  assert.ok(users.some((u) => u.login === newLogin && u.role === 'moderator'), 'the account exists');
  await shoot(page, 'admin');

  const mod = await open(browser);
  await login(mod, SCENARIO.moderator2);
  assert.equal(await mod.locator('header a[href="admin.html"]').count(), 0);
  await mod.goto(`${BASE}/admin/admin.html`);
  await mod.locator('main .error').waitFor();
  assert.match(await mod.textContent('main .error'), /for admins/);
  assert.deepEqual(page.problems, []);
});

test('logout ends the session', async () => {
  const page = await open(browser);
  await login(page, SCENARIO.moderator2);
  await Promise.all([page.waitForURL(/login\.html$/), page.click('#logout')]);
  await shoot(page, 'logout');
  const status = await page.evaluate(async () => (await fetch('/admin/api/me')).status);
  assert.equal(status, 401);
  await page.goto(`${BASE}/admin/queue.html`);
  await page.waitForURL(/login\.html\?next=/);
  assert.deepEqual(page.problems, []);
});
