/* queue.js -- the review queue: filters by status and flag, most urgent first, paging. */
'use strict';

const QUEUE_PAGE_SIZE = 25;

BB.page('Review queue', async (main, me) => {
  const { el } = BB;
  const statuses = ['open', 'claimed', 'escalated', 'decided'];
  const status = el('select', { id: 'status' }, el('option', { value: '' }, 'any status'),
    statuses.map((s) => el('option', { value: s }, s)));
  status.value = BB.param('status') ?? 'open';
  const flagged = el('select', { id: 'flagged' }, el('option', { value: '' }, 'flagged or not'),
    el('option', { value: 'true' }, 'flagged'), el('option', { value: 'false' }, 'not flagged'));
  flagged.value = BB.param('flagged') ?? '';
  const results = el('div', { id: 'queue' });

  async function load(page) {
    results.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
    const q = new URLSearchParams({ page, size: QUEUE_PAGE_SIZE });
    if (status.value) q.set('status', status.value);
    if (flagged.value) q.set('flagged', flagged.value);
    history.replaceState(null, '', `?status=${encodeURIComponent(status.value)}&flagged=${encodeURIComponent(flagged.value)}`);
    try {
      const { data, total } = await BB.api(`/admin/api/queue?${q}`);
      results.replaceChildren(
        data.length === 0 ? el('p', { class: 'muted' }, 'Nothing to review here.') :
          BB.table(['Ad', 'Advertiser', 'Status', '#Open reports', 'Flagged', 'Claimed by', 'First report'], data, (i) => [
            el('a', { href: `item.html?id=${encodeURIComponent(i.campaign_id)}`, 'data-item': i.campaign_id },
              i.campaign ? i.campaign.ad_title : i.campaign_id),
            i.advertiser.name, i.status, BB.num(i.open_reports),
            i.flagged ? el('span', { class: 'badge bad' }, 'flagged') : 'no',
            i.claimed_by || '', BB.time(i.first_reported_at)]),
        BB.pager(page, QUEUE_PAGE_SIZE, total, load));
    } catch (err) {
      results.replaceChildren();
      BB.showError(results, err);
    }
  }
  status.addEventListener('change', () => load(1));
  flagged.addEventListener('change', () => load(1));
  main.append(el('h1', {}, 'Review queue'),
    el('div', { class: 'toolbar' }, el('label', { for: 'status' }, 'Status'), status,
      el('label', { for: 'flagged' }, 'Flag'), flagged,
      me.role === 'admin' ? el('a', { href: 'queue.html?status=escalated&flagged=' }, 'Escalated items') : null),
    results);
  await load(1);
});
