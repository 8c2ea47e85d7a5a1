"""Accounts and sessions for the admin API e2e tests (API.md §11); not a test module.

Accounts are made with `billboard-batch user add` (the operator's way), with random logins,
so tests never share one.
"""
import os
import secrets
import subprocess
import uuid

import pytest

from conftest import Api


def batch_path():
    path = os.environ.get("BILLBOARD_BATCH")
    if not path or not os.path.exists(path):
        pytest.skip("BILLBOARD_BATCH is not set")
    return path


def batch(*args, stdin=None, timeout=60):
    """Runs billboard-batch with args; the CompletedProcess (text)."""
    return subprocess.run(
        [batch_path(), *args], input=stdin, capture_output=True, text=True, timeout=timeout
    )


def user_add(login, role, password):
    return batch("user", "add", login, "--role", role, stdin=password + "\n")


class Staff:
    """Makes accounts and logged-in sessions; closes every session at the end."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.sessions = []

    def account(self, role="moderator"):
        login = f"{role[:3]}-{uuid.uuid4().hex[:12]}"
        password = secrets.token_urlsafe(16)
        out = user_add(login, role, password)
        assert out.returncode == 0, f"user add failed: {out.stdout} {out.stderr}"
        return login, password

    def anonymous(self):
        session = Api(self.base_url)
        self.sessions.append(session)
        return session

    def login(self, login, password):
        session = self.anonymous()
        resp = session.post("/admin/api/login", json={"login": login, "password": password})
        assert resp.status_code == 200, f"login {login}: {resp.status_code} {resp.text}"
        session.login = login
        return session

    def session(self, role="moderator"):
        return self.login(*self.account(role))

    def close(self):
        for session in self.sessions:
            session.close()


def reported(ads, api, reports=1, messages=None):
    """(campaign, client_ids): a fresh campaign shown to `reports` clients who each reported it."""
    from ads_support import unique_location

    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    clients = []
    for i in range(reports):
        client_id = ads.client(location)
        ads.shown(client_id, campaign)
        message = messages[i] if messages else f"report {i}"
        resp = api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client_id, "message": message})
        assert resp.status_code == 201, resp.text
        clients.append(client_id)
    return campaign, clients


def set_item(campaign_id, **columns):
    """Sets columns of a review item directly (sampled, flagged, claim_expires_at...)."""
    from ads_support import pg_scalar

    sets = ", ".join(f"{name} = {value}" for name, value in columns.items())
    pg_scalar(f"UPDATE review_items SET {sets} WHERE campaign_id = '{campaign_id}'")
