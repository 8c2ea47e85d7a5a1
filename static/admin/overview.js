/* overview.js -- platform totals today and overall, campaign counts, daily charts. */
'use strict';

BB.page('Overview', async (main) => {
  const { el } = BB;
  const [overview, daily] = await Promise.all([
    BB.api('/admin/api/overview'),
    BB.api('/admin/api/overview/daily?days=30'),
  ]);
  const o = overview.data;
  main.append(
    el('h1', {}, 'Overview'),
    el('p', { class: 'muted' }, `Current day: `, el('strong', { 'data-stat': 'current_date' }, BB.num(o.current_date))),
    el('h2', {}, 'Today'),
    el('div', { class: 'cards' },
      BB.card('Impressions', BB.num(o.today.impressions), 'today.impressions'),
      BB.card('Clicks', BB.num(o.today.clicks), 'today.clicks'),
      BB.card('Spend', BB.money(o.today.spent_total), 'today.spent_total'),
      BB.card('Fill rate', o.fill_rate === null ? 'n/a' : BB.percent(o.fill_rate * 100), 'fill_rate')),
    el('h2', {}, 'All time'),
    el('div', { class: 'cards' },
      BB.card('Impressions', BB.num(o.overall.impressions), 'overall.impressions'),
      BB.card('Clicks', BB.num(o.overall.clicks), 'overall.clicks'),
      BB.card('Spend', BB.money(o.overall.spent_total), 'overall.spent_total'),
      BB.card('Running campaigns', BB.num(o.campaigns.running), 'campaigns.running'),
      BB.card('Blocked campaigns', BB.num(o.campaigns.blocked), 'campaigns.blocked'),
      BB.card('Campaigns', BB.num(o.campaigns.total), 'campaigns.total')),
    el('h2', {}, 'Last 30 days'),
    BB.charts(daily.data, [['Impressions', 'impressions_count'], ['Clicks', 'clicks_count'],
      ['Spend', 'spent_total']]));
});
