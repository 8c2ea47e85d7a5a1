/* campaign.js -- one campaign: fields, targeting in words, the ad, limits, daily charts, reports. */
'use strict';

BB.page('Campaign', async (main, me) => {
  const { el } = BB;
  const advertiser = BB.param('advertiser');
  const id = BB.param('id');
  if (!advertiser || !id) throw new Error('no campaign in the address (campaign.html?advertiser=…&id=…)');
  const a = encodeURIComponent(advertiser);
  const c = encodeURIComponent(id);
  const [campaign, totals, daily] = await Promise.all([
    BB.api(`/advertisers/${a}/campaigns/${c}`),
    BB.api(`/stats/campaigns/${c}`),
    BB.api(`/stats/campaigns/${c}/daily`),
  ]);
  let review = null;
  try {
    review = (await BB.api(`/admin/api/queue/${c}`)).data;
  } catch (err) {
    if (err.status !== 404) throw err;
  }
  const k = campaign.data;
  const t = totals.data;
  const blocked = k.moderation === 'blocked';
  const unblock = me.role === 'admin' && blocked ? el('button', {
    type: 'button',
    id: 'unblock',
    onclick: async (event) => {
      event.target.disabled = true;
      try {
        await BB.api(`/admin/api/campaigns/${c}/unblock`, { method: 'POST' });
        location.reload();
      } catch (err) {
        BB.showError(main, err);
        event.target.disabled = false;
      }
    },
  }, 'Unblock') : null;

  main.append(
    el('p', {}, el('a', { href: `advertiser.html?id=${a}` }, '‹ Advertiser')),
    el('h1', {}, k.ad_title),
    el('div', { class: 'two' },
      el('div', { class: 'panel' }, el('dl', { class: 'fields' },
        field('Campaign id', k.campaign_id), field('Advertiser id', k.advertiser_id),
        field('Days', `${k.start_date} to ${k.end_date}`), field('Targeting', BB.targeting(k.targeting)),
        field('Cost per impression', BB.money(k.cost_per_impression)),
        field('Cost per click', BB.money(k.cost_per_click)),
        field('Moderation', el('span', { class: blocked ? 'badge bad' : 'badge ok', id: 'moderation' },
          k.moderation || 'ok'), ' ', unblock),
        field('Impressions', limit(t.impressions_count, k.impressions_limit, 'impressions')),
        field('Clicks', limit(t.clicks_count, k.clicks_limit, 'clicks')),
        field('Conversion', BB.percent(t.conversion)),
        field('Spend', BB.money(t.spent_total)))),
      el('div', {}, BB.ad(k))),
    el('h2', {}, 'Daily'),
    BB.charts(daily.data.slice(-60), [['Impressions', 'impressions_count'], ['Clicks', 'clicks_count'],
      ['Conversion, %', 'conversion'], ['Spend', 'spent_total']]),
    el('h2', {}, 'Reports'),
    reports(review));
});

function field(label, ...value) {
  return [BB.el('dt', {}, label), BB.el('dd', {}, ...value)];
}

function limit(count, max, id) {
  const share = max > 0 ? Math.min(100, (count * 100) / max) : 100;
  return BB.el('div', { 'data-limit': id },
    `${BB.num(count)} of ${BB.num(max)}`,
    BB.el('div', { class: 'progress', role: 'progressbar', 'aria-valuenow': Math.round(share),
      'aria-valuemin': 0, 'aria-valuemax': 100 }, BB.el('div', { style: `width: ${share.toFixed(1)}%` })));
}

function reports(review) {
  const { el } = BB;
  if (!review) return el('p', { class: 'muted', id: 'reports' }, 'No reports and no review.');
  return el('div', { id: 'reports' },
    el('p', {}, 'Review: ', el('a', { href: `item.html?id=${encodeURIComponent(review.campaign_id)}` }, review.status),
      review.decision ? ` (${review.decision})` : ''),
    review.reports.length === 0 ? el('p', { class: 'muted' }, 'No reports.') :
      BB.table(['When', 'Client', 'Message', 'Flagged', 'State'], review.reports, (r) => [
        BB.time(r.created_at), r.client_id, r.message === null ? '(no message)' : r.message,
        r.flagged === null ? 'not yet checked' : r.flagged ? `yes${r.category ? ` (${r.category})` : ''}` : 'no',
        r.state]));
}
