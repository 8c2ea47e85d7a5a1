/* advertiser.js -- one advertiser: totals, daily charts and its campaigns. */
'use strict';

const CAMPAIGNS_PAGE_SIZE = 50;

BB.page('Advertiser', async (main) => {
  const { el } = BB;
  const id = BB.param('id');
  if (!id) throw new Error('no advertiser id in the address (advertiser.html?id=…)');
  const base = encodeURIComponent(id);
  const [adv, totals, daily] = await Promise.all([
    BB.api(`/advertisers/${base}`),
    BB.api(`/stats/advertisers/${base}/campaigns`),
    BB.api(`/stats/advertisers/${base}/campaigns/daily`),
  ]);
  const t = totals.data;
  const campaigns = el('div', { id: 'campaigns' });
  async function load(page) {
    campaigns.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
    try {
      const { data, total } = await BB.api(`/advertisers/${base}/campaigns?size=${CAMPAIGNS_PAGE_SIZE}&page=${page}`);
      campaigns.replaceChildren(
        data.length === 0 ? el('p', { class: 'muted' }, 'No campaigns.') :
          BB.table(['Campaign', 'Days', 'Targeting', '#Impressions limit', '#Clicks limit', 'Moderation'], data, (c) => [
            el('a', { href: `campaign.html?advertiser=${base}&id=${encodeURIComponent(c.campaign_id)}` }, c.ad_title),
            `${c.start_date}–${c.end_date}`, BB.targeting(c.targeting), BB.num(c.impressions_limit),
            BB.num(c.clicks_limit), moderation(c)]),
        BB.pager(page, CAMPAIGNS_PAGE_SIZE, total, load));
    } catch (err) {
      campaigns.replaceChildren();
      BB.showError(campaigns, err);
    }
  }
  main.append(
    el('p', {}, el('a', { href: 'advertisers.html' }, '‹ Advertisers')),
    el('h1', {}, adv.data.name),
    el('p', { class: 'muted' }, adv.data.advertiser_id),
    el('div', { class: 'cards' },
      BB.card('Impressions', BB.num(t.impressions_count), 'impressions_count'),
      BB.card('Clicks', BB.num(t.clicks_count), 'clicks_count'),
      BB.card('Conversion', BB.percent(t.conversion), 'conversion'),
      BB.card('Spend', BB.money(t.spent_total), 'spent_total')),
    el('h2', {}, 'Daily'),
    BB.charts(daily.data.slice(-60), [['Impressions', 'impressions_count'], ['Clicks', 'clicks_count'],
      ['Conversion, %', 'conversion'], ['Spend', 'spent_total']]),
    el('h2', {}, 'Campaigns'),
    campaigns);
  await load(1);
});

function moderation(c) {
  return c.moderation === 'blocked' ? BB.el('span', { class: 'badge bad' }, 'blocked') :
    BB.el('span', { class: 'badge ok' }, c.moderation || 'ok');
}
