"""The Telegram bot (API.md §12): POST /admin/api/advertisers/{id}/telegram-code, and
billboard-bot against a fake Bot API (telegram_fake.py) run by these tests: linking with good,
wrong, expired and reused codes, every command, paging buttons, HTML escaping, a restart in
the middle of a burst of updates, 429/409/5xx, and the notifications of the outbox."""
import hashlib
import json
import os
import re
import signal
import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import stack_support as stack
from admin_support import reported, set_item
from ads_support import BIG, pg_scalar, unique_location
from telegram_fake import FakeBotApi

TOKEN = "123456789:AAFakeTokenForTheEndToEndTests-x_y"
CODE_RE = re.compile(r"^[A-HJ-NP-Z2-9]{10}$")
EVIL = '<b>&"'
EVIL_ESCAPED = "&lt;b&gt;&amp;&quot;"
PAGE = 5


def bot_path():
    build = os.environ.get("BILLBOARD_BUILD")
    path = os.path.join(build, "billboard-bot") if build else None
    if not path or not os.path.exists(path):
        pytest.skip("BILLBOARD_BUILD (with billboard-bot) is not set")
    return path


def log_path():
    var = os.environ.get("BILLBOARD_VAR", "var")
    os.makedirs(os.path.join(var, "log"), exist_ok=True)
    return os.path.join(var, "log", "bot-test.log")


class Bot:
    """billboard-bot pointed at a fake; start() and stop() as often as a test needs."""

    def __init__(self, fake):
        self.fake = fake
        self.proc = None
        self.log = log_path()

    def start(self):
        env = dict(os.environ, BILLBOARD_TELEGRAM_TOKEN=TOKEN,
                   BILLBOARD_TELEGRAM_API_URL=self.fake.url, BILLBOARD_TELEGRAM_POLL_S="1",
                   BILLBOARD_TELEGRAM_CONFLICT_WAIT_S="1")
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([bot_path()], env=env, stdout=out, stderr=out,
                                         stdin=subprocess.DEVNULL)
        return self

    def stop(self):
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "killed"
        self.proc = None
        return rc


@pytest.fixture
def fake():
    # Update ids carry on from the offset the bot committed (the database outlives a test).
    first = int(pg_scalar("SELECT next_offset FROM telegram_bot_state")) + 1
    made = FakeBotApi(TOKEN, first_update_id=first).start()
    yield made
    made.stop()


@pytest.fixture
def bot(fake):
    made = Bot(fake).start()
    yield made
    assert made.stop() == 0, "billboard-bot must exit 0 on SIGTERM"
    with open(made.log, encoding="utf-8", errors="replace") as f:
        assert TOKEN not in f.read(), "the token must never be logged"


def new_chat():
    # Beyond 32 bits, as real chat ids are (supergroups are -100...).
    return -(10 ** 15) - int(uuid.uuid4().int % 10 ** 12)


def code_for(session, advertiser_id):
    resp = session.post(f"/admin/api/advertisers/{advertiser_id}/telegram-code")
    assert resp.status_code == 201, resp.text
    return resp.json()["code"]


def ask(fake, chat, text, timeout=20):
    """Types text in chat and returns the bot's next answer there (its HTML text)."""
    before = len(fake.messages(chat))
    fake.say(chat, text)
    got = fake.wait_messages(chat, before + 1, timeout)
    assert len(got) > before, f"no answer to {text!r} in chat {chat}"
    return got[before]


def linked_chat(fake, staff, advertiser_id):
    chat = new_chat()
    answer = ask(fake, chat, f"/start {code_for(staff.session(), advertiser_id)}")
    assert answer["text"].startswith("Linked"), answer
    return chat


def buttons(message):
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


# --- the endpoint --------------------------------------------------------------------------

def test_code_endpoint(api, staff, adv, new_uuid, assert_error, expect_json):
    path = f"/admin/api/advertisers/{adv}/telegram-code"
    assert_error(api.post(path), 401)
    mod = staff.session("moderator")
    body = expect_json(mod.post(path), 201)
    assert set(body) == {"code", "expires_at"}
    assert CODE_RE.match(body["code"]), body
    expires = datetime.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    now = datetime.now(timezone.utc)
    assert now + timedelta(minutes=5) < expires < now + timedelta(minutes=30)
    assert expect_json(staff.session("admin").post(path), 201)["code"] != body["code"]
    # Only the hash is kept.
    digest = hashlib.sha256(body["code"].encode()).hexdigest()
    assert pg_scalar(f"SELECT count(*) FROM telegram_codes WHERE code_hash = '{digest}' "
                     f"AND advertiser_id = '{adv}'") == "1"
    assert pg_scalar(f"SELECT count(*) FROM telegram_codes WHERE code_hash = '{body['code']}'") == "0"
    assert_error(mod.post(f"/admin/api/advertisers/{new_uuid()}/telegram-code"), 404, "advertiser")
    assert_error(mod.post("/admin/api/advertisers/nope/telegram-code"), 400, "advertiser_id")
    assert_error(mod.get(path), 405)


# --- linking -------------------------------------------------------------------------------

def test_linking(fake, bot, staff, adv):
    chat, other = new_chat(), new_chat()
    mod = staff.session()
    assert "not linked" in ask(fake, chat, "/campaigns")["text"]
    assert "not linked" in ask(fake, chat, "/start")["text"]
    assert "wrong" in ask(fake, chat, "/start ABCDEFGHJK")["text"]
    assert "wrong" in ask(fake, chat, "/start not-a-code")["text"]

    expired = code_for(mod, adv)
    digest = hashlib.sha256(expired.encode()).hexdigest()
    pg_scalar(f"UPDATE telegram_codes SET expires_at = clock_timestamp() - interval '1 second' "
              f"WHERE code_hash = '{digest}'")
    assert "expired" in ask(fake, chat, f"/start {expired}")["text"]

    code = code_for(mod, adv)
    answer = ask(fake, chat, f"/start {code.lower()}")  # typed in lower case: still good
    assert answer["text"].startswith("Linked") and answer["parse_mode"] == "HTML"
    assert pg_scalar(f"SELECT advertiser_id FROM telegram_chats WHERE chat_id = {chat}") == adv
    assert "already used" in ask(fake, other, f"/start {code}")["text"]
    assert "not linked" in ask(fake, other, "/stats")["text"]

    # Several chats may follow one advertiser.
    second = linked_chat(fake, staff, adv)
    assert pg_scalar(f"SELECT count(*) FROM telegram_chats WHERE advertiser_id = '{adv}'") == "2"

    assert "Unlinked" in ask(fake, chat, "/logout")["text"]
    assert "not linked" in ask(fake, chat, "/campaigns")["text"]
    assert "was not linked" in ask(fake, chat, "/logout")["text"]
    assert "already used" in ask(fake, chat, f"/start {code}")["text"]
    assert "You have no campaigns yet." in ask(fake, second, "/campaigns")["text"]
    # deleteWebhook and setMyCommands at start.
    assert fake.calls_of("deleteWebhook") and fake.calls_of("setMyCommands")
    commands = {c["command"] for c in fake.calls_of("setMyCommands")[0][1]["commands"]}
    assert commands == {"campaigns", "campaign", "stats", "logout", "help"}


# --- commands ------------------------------------------------------------------------------

def test_commands_and_paging(fake, bot, staff, adv, cx):
    titles = [f"plain {i}" for i in range(6)] + [EVIL]  # created in this order: EVIL is newest
    campaigns = [cx.create(adv, ad_title=t, impressions_limit=100 + i, clicks_limit=i)
                 for i, t in enumerate(titles)]
    chat = linked_chat(fake, staff, adv)

    help_text = ask(fake, chat, "/help")["text"]
    for command in ("/campaigns", "/campaign N", "/stats", "/logout", "/help"):
        assert command in help_text
    assert "Unknown command" in ask(fake, chat, "/frobnicate")["text"]
    assert "/help" in ask(fake, chat, "hello")["text"]

    first = ask(fake, chat, "/campaigns")
    text = first["text"]
    assert "(7 in all), page 1 of 2" in text
    assert f"1. {EVIL_ESCAPED}" in text and EVIL not in text  # newest first, escaped
    assert "5. plain 2" in text and "plain 1" not in text
    btns = buttons(first)
    assert [b["text"] for b in btns[:PAGE]] == [f"1. {EVIL}"] + [f"{i}. plain {7 - i}" for i in range(2, 6)]
    assert btns[PAGE]["callback_data"] == "p:2" and len(btns) == PAGE + 1
    assert btns[0]["callback_data"] == f"c:{campaigns[-1]['campaign_id']}"

    # The page button edits the same message.
    count = len(fake.messages(chat))
    fake.press(chat, first["message_id"], "p:2")
    got = fake.wait_messages(chat, count + 1)
    page2 = got[count]
    assert page2["method"] == "editMessageText" and page2["message_id"] == first["message_id"]
    assert "page 2 of 2" in page2["text"] and "6. plain 1" in page2["text"]
    assert "7. plain 0" in page2["text"]
    assert [b["callback_data"] for b in buttons(page2)][-1] == "p:1"
    assert fake.calls_of("answerCallbackQuery")

    # A campaign button sends its card.
    count = len(fake.messages(chat))
    fake.press(chat, first["message_id"], btns[0]["callback_data"])
    card = fake.wait_messages(chat, count + 1)[count]
    assert card["method"] == "sendMessage"
    assert card["text"].startswith(f"<b>{EVIL_ESCAPED}</b>")
    assert "Limits: 106 impressions, 6 clicks" in card["text"]

    card = ask(fake, chat, "/campaign 7")["text"]
    assert card.startswith("<b>7. plain 0</b>")
    assert "Status: scheduled" in card and "Shown 0 times, clicked 0 times" in card
    assert "There is no campaign 8: you have 7" in ask(fake, chat, "/campaign 8")["text"]
    assert "/campaign N" in ask(fake, chat, "/campaign")["text"]
    assert "/campaign N" in ask(fake, chat, "/campaign x")["text"]
    count = len(fake.messages(chat))
    fake.press(chat, first["message_id"], "zz")
    assert "out of date" in fake.wait_messages(chat, count + 1)[count]["text"]


def test_stats(fake, bot, staff, ads):
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location)  # priced BIG, so it wins the client
    chat = linked_chat(fake, staff, advertiser_id)
    client = ads.client(location, scored=[advertiser_id])
    ads.shown(client, campaign)
    ads.clicked(campaign, client)
    today = ads.today()
    text = ask(fake, chat, "/stats")["text"]
    assert f"Impressions: 1\nClicks: 1\nSpent: {2 * BIG}" in text
    table = text.split("<pre>\n", 1)[1].split("</pre>")[0].splitlines()
    assert table[0].split() == ["day", "shows", "clicks", "spent"]
    rows = [line.split() for line in table[1:]]
    assert len(rows) == min(7, today + 1)
    assert rows[-1] == [str(today), "1", "1", str(2 * BIG)]
    assert [int(r[0]) for r in rows] == list(range(today - len(rows) + 1, today + 1))


# --- robustness ----------------------------------------------------------------------------

def test_restart_in_a_burst(fake, staff, adv):
    bot = Bot(fake).start()
    try:
        chat = linked_chat(fake, staff, adv)
        base = len(fake.messages(chat))
        burst = 40
        ids = [fake.say(chat, f"/campaign {1000 + i}") for i in range(burst)]
        fake.wait_messages(chat, base + burst // 4)
        assert bot.stop() == 0
        fake.queue_other()  # an update the bot ignores, still confirmed
        bot.start()
        got = fake.wait_messages(chat, base + burst, timeout=60)
        assert fake.wait_confirmed(ids[-1])
    finally:
        assert bot.stop() == 0
    numbers = [int(re.search(r"no campaign (\d+)", m["text"]).group(1)) for m in got[base:]]
    assert numbers == list(range(1000, 1000 + burst)), "each update answered once, in order"


def test_rate_limit_and_errors(fake, bot, staff, adv):
    chat = linked_chat(fake, staff, adv)
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    asked = time.monotonic()
    answer = ask(fake, chat, "/help", timeout=30)
    assert "/campaigns" in answer["text"]
    sends = [t for t, body in fake.calls_of("sendMessage") if body.get("chat_id") == chat and t >= asked]
    assert len(sends) == 2, "one refused with 429, then one sent"
    assert sends[1] - sends[0] >= 1.9, "retry_after must be honoured"

    fake.fail("getUpdates", 409, "Conflict: terminated by other getUpdates request")
    fake.fail("getUpdates", 500, "Internal Server Error", times=2)
    fake.fail("getUpdates", 429, "Too Many Requests: retry after 1", retry_after=1)
    assert "/campaigns" in ask(fake, chat, "/help", timeout=60)["text"]
    with open(bot.log, encoding="utf-8", errors="replace") as f:
        log = f.read()
    assert "another bot process or a webhook uses this token" in log


# --- notifications -------------------------------------------------------------------------

def notices(fake, chat):
    return [m for m in fake.messages(chat) if m["text"].startswith("Campaign ")]


def test_limit_notifications(fake, bot, staff, ads):
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location, impressions_limit=1, clicks_limit=1,
                            ad_title=f"{EVIL} limited")
    chats = [linked_chat(fake, staff, advertiser_id) for _ in range(2)]
    client = ads.client(location, scored=[advertiser_id])
    ads.shown(client, campaign)
    ads.clicked(campaign, client)
    for chat in chats:
        deadline = time.monotonic() + 30
        while len(notices(fake, chat)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        texts = sorted(m["text"] for m in notices(fake, chat))
        assert texts == [
            f"Campaign <b>{EVIL_ESCAPED} limited</b> reached its clicks limit (1): it is no longer shown.",
            f"Campaign <b>{EVIL_ESCAPED} limited</b> reached its impressions limit (1): it is no longer shown.",
        ]
    # Nothing more comes: another client and another click change nothing, and a round trip
    # through the bot (which sends pending notices before each poll) brings no second copy.
    other = ads.client(location, scored=[advertiser_id])
    ads.not_shown(other, campaign)
    ask(fake, chats[0], "/help")
    ask(fake, chats[0], "/help")
    assert len(notices(fake, chats[0])) == 2
    cid = campaign["campaign_id"]
    assert pg_scalar(f"SELECT count(*) FROM telegram_outbox WHERE campaign_id = '{cid}' "
                     "AND sent_at IS NOT NULL") == "4"


def test_block_notification(fake, bot, staff, ads, api, expect_json):
    campaign, _ = reported(ads, api, reports=1)
    cid = campaign["campaign_id"]
    chat = linked_chat(fake, staff, campaign["advertiser_id"])
    set_item(cid, sampled="false")  # one decision ends the review
    mod = staff.session()
    expect_json(mod.post(f"/admin/api/queue/{cid}/claim"), 200)
    expect_json(mod.post(f"/admin/api/queue/{cid}/decision",
                         json={"decision": "took_action", "note": "misleading"}), 200)
    deadline = time.monotonic() + 30
    while not notices(fake, chat) and time.monotonic() < deadline:
        time.sleep(0.2)
    ask(fake, chat, "/help")  # a poll later: still one
    (notice,) = notices(fake, chat)
    title = campaign["ad_title"]
    assert notice["text"] == f"Campaign <b>{title}</b> was blocked by moderation: it is no longer shown."
    assert notice["parse_mode"] == "HTML"
    card = ask(fake, chat, "/campaign 1")["text"]
    assert "Status: blocked by moderation" in card


def test_no_notice_for_an_event_before_linking(fake, bot, staff, ads):
    """Chats are told about events that happen while they are linked, not older ones."""
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location, impressions_limit=1, clicks_limit=1)
    ads.shown(ads.client(location, scored=[advertiser_id]), campaign)
    chat = linked_chat(fake, staff, advertiser_id)
    ask(fake, chat, "/help")  # a poll later: the notices were sent by now if there were any
    assert notices(fake, chat) == []
    cid = campaign["campaign_id"]
    assert pg_scalar(f"SELECT count(*) FROM telegram_outbox WHERE campaign_id = '{cid}'") == "0"


def test_an_unauthorized_answer_keeps_the_notice(fake, bot, staff, ads):
    # A 401 says the token is wrong (revoked, then mended), not that the chat is gone: the
    # notice waits and goes out once the API takes it, instead of being dropped.
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location, impressions_limit=1, clicks_limit=1)
    chat = linked_chat(fake, staff, advertiser_id)
    fake.fail("sendMessage", 401, "Unauthorized", times=2)
    ads.shown(ads.client(location, scored=[advertiser_id]), campaign)
    deadline = time.monotonic() + 60
    while not notices(fake, chat) and time.monotonic() < deadline:
        time.sleep(0.2)
    ask(fake, chat, "/help")  # a poll later: still one
    (notice,) = notices(fake, chat)
    assert "reached its impressions limit" in notice["text"]
    assert len([c for c in fake.calls_of("sendMessage")
                if c[1].get("chat_id") == chat and c[1]["text"].startswith("Campaign ")]) == 3


def test_the_bot_waits_out_a_postgresql_outage(fake, bot, staff, ads, base_url):
    # PostgreSQL stops while a command waits: the bot neither exits nor drops the update (it
    # has no offset to commit), answers it once PostgreSQL is back, and sends later notices.
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location, impressions_limit=1, clicks_limit=1,
                            ad_title="through the outage")
    chat = linked_chat(fake, staff, advertiser_id)
    log_start = os.path.getsize(bot.log)
    # The bot answers an update before it commits the offset past it; wait for the commit, or
    # the link would be handled again after the outage (at least once, by design).
    deadline = time.monotonic() + 20
    committed = lambda: int(pg_scalar("SELECT next_offset FROM telegram_bot_state"))  # noqa: E731
    while committed() < fake.next_update_id and time.monotonic() < deadline:
        time.sleep(0.1)
    assert committed() == fake.next_update_id, "the bot did not commit the link's offset"
    before = len(fake.messages(chat))
    stack.pg_stop()
    try:
        polls = len(fake.calls_of("getUpdates"))
        fake.say(chat, "/campaigns")
        # Two more polls: the update was fetched (and met the outage) before the second.
        deadline = time.monotonic() + 20
        while len(fake.calls_of("getUpdates")) < polls + 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(fake.calls_of("getUpdates")) >= polls + 2, "the bot stopped polling"
        assert bot.proc.poll() is None, "billboard-bot exited during a PostgreSQL outage"
        assert len(fake.messages(chat)) == before, "an answer without PostgreSQL"
    finally:
        stack.pg_start()
    stack.wait_healthy(base_url)
    answers = fake.wait_messages(chat, before + 1, timeout=90)[before:]
    assert "through the outage" in answers[0]["text"], answers
    ads.shown(ads.client(location, scored=[advertiser_id]), campaign)
    deadline = time.monotonic() + 90
    while not notices(fake, chat) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m["text"] for m in notices(fake, chat)] == [
        "Campaign <b>through the outage</b> reached its impressions limit (1): it is no longer shown."]
    assert bot.proc.poll() is None
    # Every line it logged meanwhile is one JSON object, PostgreSQL's own warnings included.
    with open(bot.log, encoding="utf-8") as f:
        f.seek(log_start)
        lines = f.read().splitlines()
    for line in lines:
        assert isinstance(json.loads(line), dict), line
