/* login.js -- the sign-in form (POST /admin/api/login); the server's detail shown in the page. */
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  const submit = document.getElementById('login-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      await BB.api('/admin/api/login', {
        method: 'POST',
        allow401: true,
        body: { login: form.login.value, password: form.password.value },
      });
      const next = BB.param('next');
      /* Only a path of this site: never an address elsewhere. */
      location.assign(next && /^\/admin\/[^/]/.test(next) && !next.startsWith('//') ? next : 'index.html');
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });
});
