/*
 * item.js -- one review item: the ad as a person sees it, its reports, the classifier's flag,
 * earlier reviews; claim (with the lease's countdown), decide with a note, release.
 * Keys: c claim, t took action, s skip, n next item.
 */
'use strict';

BB.page('Review item', async (main, me) => {
  const { el } = BB;
  const id = BB.param('id');
  if (!id) throw new Error('no item in the address (item.html?id=…)');
  const path = `/admin/api/queue/${encodeURIComponent(id)}`;
  const messages = el('div', { id: 'messages', 'aria-live': 'polite' });
  const body = el('div', {});
  const note = el('textarea', { id: 'note', rows: 3, maxlength: 2000, placeholder: 'note (optional)' });
  let item = null;
  let timer = 0;

  function say(kind, text) {
    messages.replaceChildren(el('div', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, text));
  }

  function mine() {
    return item && item.status === 'claimed' && item.claimed_by === me.login;
  }

  function countdown(box) {
    clearInterval(timer);
    if (!mine() || !item.claim_expires_at) return;
    const end = Date.parse(item.claim_expires_at);
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      box.textContent = left > 0 ? `Your claim expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` :
        'Your claim has expired: claim again before deciding.';
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  function draw() {
    const k = item.campaign;
    const lease = el('div', { id: 'lease', class: 'notice' });
    const other = item.status === 'claimed' && item.claimed_by !== me.login;
    const canDecide = mine();
    body.replaceChildren(el('div', {},
      el('h1', {}, k.ad_title),
      el('p', {}, 'Status: ', el('strong', { id: 'item-status' }, item.status),
        item.decision ? ` (decision: ${item.decision})` : '',
        item.flagged ? el('span', { class: 'badge bad', id: 'flag' }, ' flagged by the classifier') : '',
        ' · advertiser ', el('a', { href: `advertiser.html?id=${encodeURIComponent(item.advertiser.advertiser_id)}` },
          item.advertiser.name),
        ' · ', el('a', { href: `campaign.html?advertiser=${encodeURIComponent(k.advertiser_id)}&id=${encodeURIComponent(k.campaign_id)}` },
          'campaign')),
      other ? el('div', { class: 'error', id: 'held' }, `${item.claimed_by} is reviewing this item now; ` +
        'it comes back to the pool when their claim ends.') : null,
      canDecide ? lease : null,
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', id: 'claim', class: canDecide ? null : 'primary', disabled: item.status === 'decided',
          onclick: claim }, canDecide ? 'Extend claim' : 'Claim', ' ', el('kbd', {}, 'c')),
        el('button', { type: 'button', id: 'took-action', class: 'danger', disabled: !canDecide,
          onclick: () => decide('took_action') }, 'Took action ', el('kbd', {}, 't')),
        el('button', { type: 'button', id: 'skip', disabled: !canDecide, onclick: () => decide('skipped') },
          'Skip ', el('kbd', {}, 's')),
        el('button', { type: 'button', id: 'release', disabled: !canDecide, onclick: release }, 'Release'),
        el('button', { type: 'button', id: 'next', onclick: next }, 'Next ', el('kbd', {}, 'n'))),
      canDecide ? el('p', {}, note) : null,
      el('div', { class: 'two' },
        el('div', {}, el('h2', {}, 'The ad'), BB.ad(k)),
        el('div', {}, el('h2', {}, 'Earlier reviews'),
          item.reviews.length === 0 ? el('p', { class: 'muted' }, 'None in this round.') :
            BB.table(['When', 'Reviewer', 'Decision', 'Note'], item.reviews, (r) =>
              [BB.time(r.at), r.reviewer, `${r.decision} (${r.kind})`, r.note || '']))),
      el('h2', {}, `Reports (${item.reports.length})`),
      item.reports.length === 0 ? el('p', { class: 'muted' }, 'No reports: flagged at screening.') :
        BB.table(['When', 'Client', 'Message', 'Classifier', 'State'], item.reports, (r) => [
          BB.time(r.created_at), r.client_id, r.message === null ? '(no message)' : r.message,
          r.flagged === null ? 'not yet checked' : r.flagged ? `flagged${r.category ? ` (${r.category})` : ''}` : 'clean',
          r.state]),
      el('h2', {}, 'History'),
      item.history.length === 0 ? el('p', { class: 'muted' }, 'Nothing yet.') :
        BB.table(['When', 'Who', 'Action', 'Detail'], item.history, (h) => [BB.time(h.at), h.actor, h.action, h.detail || ''])));
    countdown(lease);
  }

  async function reload() {
    item = (await BB.api(path)).data;
    draw();
  }

  async function act(run, done) {
    try {
      await run();
      await reload();
      if (done) say('notice', done);
    } catch (err) {
      say('error', err.message);
      try {
        await reload();
      } catch (e) {
        /* the first error is the one to show */
      }
    }
  }

  function claim() {
    return act(() => BB.api(`${path}/claim`, { method: 'POST' }), 'Claimed: the item is yours until the lease ends.');
  }

  function decide(decision) {
    if (!mine()) return say('error', 'Claim the item first.');
    const text = note.value.trim();
    return act(() => BB.api(`${path}/decision`, { method: 'POST', body: { decision, note: text === '' ? null : text } }),
      `Decision recorded: ${decision}.`);
  }

  function release() {
    return act(() => BB.api(`${path}/release`, { method: 'POST' }), 'Released.');
  }

  async function next() {
    try {
      const { data } = await BB.api('/admin/api/queue?status=open&size=2');
      const other = data.find((i) => i.campaign_id !== id);
      if (other) location.assign(`item.html?id=${encodeURIComponent(other.campaign_id)}`);
      else say('notice', 'No other open item.');
    } catch (err) {
      say('error', err.message);
    }
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest('input, textarea, select')) return;
    const keys = { c: claim, t: () => decide('took_action'), s: () => decide('skipped'), n: next };
    const run = keys[event.key];
    if (run && item) {
      event.preventDefault();
      run();
    }
  });

  main.append(el('p', {}, el('a', { href: 'queue.html' }, '‹ Review queue')), messages, body);
  await reload();
});
