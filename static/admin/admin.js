/*
 * admin.js -- what every admin page shares: the API client (session cookie, errors), a DOM
 * builder that only ever sets text (never HTML), the header, loading and error states, number
 * formats and the daily charts (uPlot, vendored next to the pages).
 */
'use strict';

const BB = (() => {
  /* el('td', {class: 'num'}, 'text', child...): strings become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'value' || key === 'checked' || key === 'disabled') node[key] = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  function loginUrl() {
    return 'login.html?next=' + encodeURIComponent(location.pathname + location.search);
  }

  /* JSON in and out; 401 sends the browser to the login page; other failures throw ApiError. */
  async function api(path, options = {}) {
    const init = { method: options.method || 'GET', credentials: 'same-origin', headers: {} };
    if (options.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let resp;
    try {
      resp = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'the server cannot be reached; check the connection and retry');
    }
    if (resp.status === 401 && !options.allow401) {
      location.assign(loginUrl());
      throw new ApiError(401, 'signed out');
    }
    const text = await resp.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!resp.ok) {
      const detail = data && typeof data.detail === 'string' ? data.detail : `HTTP ${resp.status}`;
      throw new ApiError(resp.status, detail);
    }
    return { data, total: Number(resp.headers.get('X-Total-Count')), status: resp.status };
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function num(v) {
    return v === null || v === undefined ? 'n/a' : Number(v).toLocaleString('en-US');
  }

  /* Money arrives as a JSON number with at most six decimals; two are enough to read. */
  function money(v) {
    if (v === null || v === undefined) return 'n/a';
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function percent(v) {
    return v === null || v === undefined ? 'n/a' : `${Number(v).toFixed(2)} %`;
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString('en-GB') : '';
  }

  function card(label, value, id) {
    return el('div', { class: 'card' }, el('div', { class: 'label' }, label),
      el('div', { class: 'value', 'data-stat': id }, value));
  }

  function showError(container, err) {
    container.append(el('div', { class: 'error', role: 'alert' }, err.message || String(err)));
  }

  const NAV = [
    ['index.html', 'Overview'],
    ['advertisers.html', 'Advertisers'],
    ['queue.html', 'Review queue'],
  ];

  function header(me) {
    const here = location.pathname.split('/').pop() || 'index.html';
    const links = NAV.concat(me.role === 'admin' ? [['admin.html', 'Admin']] : []);
    const logout = el('button', {
      type: 'button',
      id: 'logout',
      onclick: async () => {
        try {
          await api('/admin/api/logout', { method: 'POST', allow401: true });
        } finally {
          location.assign('login.html');
        }
      },
    }, 'Log out');
    return el('header', {},
      el('span', { class: 'brand' }, 'Billboard admin'),
      links.map(([href, label]) => el('a', { href, 'aria-current': href === here ? 'page' : null }, label)),
      el('span', { class: 'who' }, el('span', { id: 'me' }, `${me.login} (${me.role})`), logout));
  }

  /*
   * Runs a page: checks the session, draws the header, shows "Loading" until render
   * resolves and the error if it throws. render(main, me) fills main.
   */
  async function page(title, render) {
    document.title = `${title} - Billboard admin`;
    const main = el('main', {}, el('div', { class: 'loading', id: 'loading' }, 'Loading…'));
    document.body.replaceChildren(main);
    let me;
    try {
      me = (await api('/admin/api/me')).data;
    } catch (err) {
      if (err.status !== 401) {
        main.replaceChildren();
        showError(main, err);
      }
      return;
    }
    document.body.prepend(header(me));
    /* In the document from the start, so charts can measure their width while parts load. */
    const content = el('div', {});
    main.append(content);
    try {
      await render(content, me);
    } catch (err) {
      if (err.status !== 401) showError(main, err);
    }
    main.querySelector('#loading')?.remove();
    document.body.dataset.ready = '1';
  }

  /* A line chart of one series over days; drawn on a canvas by uPlot. */
  function chart(title, rows, field, id) {
    const box = el('div', { class: 'chart', 'data-chart': id }, el('h3', {}, title));
    const draw = () => {
      if (!box.isConnected) return;
      const width = Math.max(240, box.clientWidth - 16);
      const days = rows.map((r) => Number(r.date));
      const values = rows.map((r) => Number(r[field]));
      const opts = {
        width,
        height: 180,
        scales: { x: { time: false } },
        legend: { show: false },
        axes: [{ label: 'day', incrs: DAY_STEPS },
          { size: 60, incrs: field.endsWith('_count') ? DAY_STEPS : undefined, values: (u, ticks) => ticks.map(compact) }],
        series: [{}, { label: title, stroke: '#2146c7', width: 2, fill: '#2146c722' }],
      };
      box.querySelector('.uplot')?.remove();
      if (typeof uPlot === 'undefined') {
        box.append(el('div', { class: 'error' }, 'charts are unavailable (uPlot not installed)'));
        return;
      }
      new uPlot(opts, [days, values], box);
    };
    requestAnimationFrame(draw);
    let pending = 0;
    window.addEventListener('resize', () => {
      clearTimeout(pending);
      pending = setTimeout(draw, 150);
    });
    return box;
  }

  /* Days and counts are whole numbers: their axes never show 0.5. */
  const DAY_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

  function compact(v) {
    return COMPACT.format(v);
  }

  function charts(rows, list) {
    if (rows.length === 0) return el('p', { class: 'muted' }, 'No days to chart yet.');
    return el('div', { class: 'charts' }, list.map(([title, field]) => chart(title, rows, field, field)));
  }

  function table(columns, rows, cells) {
    return el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.startsWith('#') ? 'num' : null }, c.replace(/^#/, ''))))),
      el('tbody', {}, rows.map((row) => el('tr', {}, cells(row).map((v, i) =>
        el('td', { class: columns[i].startsWith('#') ? 'num' : null }, v)))))));
  }

  /* Previous/next links over X-Total-Count. */
  function pager(page, size, total, go) {
    const pages = Math.max(1, Math.ceil(total / size));
    return el('div', { class: 'pager' },
      el('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, '‹ Previous'),
      el('span', { class: 'muted' }, `page ${page} of ${pages} (${total})`),
      el('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) }, 'Next ›'));
  }

  function targeting(t) {
    if (!t) return 'everyone';
    const parts = [];
    if (t.gender && t.gender !== 'ALL') parts.push(t.gender === 'MALE' ? 'men' : 'women');
    if (t.age_from !== null && t.age_from !== undefined && t.age_to !== null && t.age_to !== undefined) {
      parts.push(`aged ${t.age_from} to ${t.age_to}`);
    } else if (t.age_from !== null && t.age_from !== undefined) {
      parts.push(`aged ${t.age_from} or more`);
    } else if (t.age_to !== null && t.age_to !== undefined) {
      parts.push(`aged up to ${t.age_to}`);
    }
    if (t.location) parts.push(`in ${t.location}`);
    return parts.length ? parts.join(', ') : 'everyone';
  }

  function ad(campaign) {
    return el('div', { class: 'ad', 'data-ad': campaign.campaign_id },
      campaign.ad_image ? el('img', { src: campaign.ad_image, alt: '' }) : null,
      el('div', { class: 'title' }, campaign.ad_title),
      el('div', { class: 'text' }, campaign.ad_text));
  }

  return { el, api, param, num, money, percent, time, card, showError, page, charts, table, pager,
    targeting, ad, ApiError };
})();
