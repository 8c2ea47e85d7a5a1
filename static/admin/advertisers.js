/* advertisers.js -- the advertisers with their totals: search by name or id prefix, paging. */
'use strict';

const ADVERTISERS_PAGE_SIZE = 20;

BB.page('Advertisers', async (main) => {
  const { el } = BB;
  const search = el('input', { type: 'search', id: 'search', placeholder: 'name or id', maxlength: 200,
    value: BB.param('search') || '' });
  const results = el('div', { id: 'results' });
  const form = el('form', { class: 'toolbar', role: 'search' }, el('label', { for: 'search' }, 'Search'), search,
    el('button', { type: 'submit' }, 'Search'));

  async function load(page) {
    results.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
    const q = new URLSearchParams({ page, size: ADVERTISERS_PAGE_SIZE });
    if (search.value) q.set('search', search.value);
    try {
      const { data, total } = await BB.api(`/admin/api/advertisers?${q}`);
      results.replaceChildren(
        data.length === 0 ? el('p', { class: 'muted' }, 'No advertiser matches.') :
          BB.table(['Advertiser', '#Campaigns', '#Blocked', '#Impressions', '#Clicks', '#Spend'], data, (a) => [
            el('a', { href: `advertiser.html?id=${encodeURIComponent(a.advertiser_id)}` }, a.name),
            BB.num(a.campaigns), BB.num(a.blocked_campaigns), BB.num(a.impressions), BB.num(a.clicks),
            BB.money(a.spent_total)]),
        BB.pager(page, ADVERTISERS_PAGE_SIZE, total, load));
    } catch (err) {
      results.replaceChildren();
      BB.showError(results, err);
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(1);
  });
  main.append(el('h1', {}, 'Advertisers'), form, results);
  await load(1);
});
