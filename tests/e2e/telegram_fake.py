"""A fake Telegram Bot API for the bot's end-to-end tests (not a test module).

It speaks the part of the Bot API that billboard-bot uses, at /bot<TOKEN>/<method>:
getUpdates (long polling; updates below the offset are confirmed and forgotten),
sendMessage, editMessageText, answerCallbackQuery, deleteWebhook, setMyCommands. Tests queue
what people type (`say`) or press (`press`), read what the bot sent (`sent`), and script
failures (`fail`): a 429 with retry_after, a 409 conflict, a 5xx.

In the tests it runs in a thread of the pytest process (FakeBotApi().start()); run alone,
`python3 telegram_fake.py PORT TOKEN` serves until interrupted and prints each call.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# getUpdates waits at most this long even when asked for more, so tests stay quick.
POLL_CAP_S = 2.0


class FakeBotApi:
    def __init__(self, token, first_update_id=1, verbose=False):
        self.token = token
        self.verbose = verbose
        self.lock = threading.Condition()
        self.next_update_id = first_update_id
        self.pending = []  # updates not confirmed yet
        self.calls = []  # (method, body) of every call, in order
        self.sent = []  # sendMessage / editMessageText bodies, with "method"
        self.faults = {}  # method -> [(status, body)] answered before the real thing
        self.next_message_id = 1000
        self.server = None

    # -- what tests use -------------------------------------------------------------------
    def start(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _queue(self, update):
        with self.lock:
            update["update_id"] = self.next_update_id
            self.next_update_id += 1
            self.pending.append(update)
            self.lock.notify_all()
            return update["update_id"]

    def say(self, chat_id, text):
        """Queues a message typed in chat_id; returns its update_id."""
        return self._queue({"message": {
            "message_id": self._message_id(), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False,
                                                                 "first_name": "Advertiser"}}})

    def press(self, chat_id, message_id, data):
        """Queues an inline button pressed under message_id; returns its update_id."""
        return self._queue({"callback_query": {
            "id": str(self._message_id()), "data": data, "chat_instance": "1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Advertiser"},
            "message": {"message_id": message_id, "chat": {"id": chat_id, "type": "private"}}}})

    def queue_other(self):
        """An update the bot does not act on (an edited message)."""
        return self._queue({"edited_message": {"message_id": 1, "text": "x", "chat": {"id": 1}}})

    def fail(self, method, status, description="", retry_after=None, times=1):
        """The next `times` calls of method answer status (ok: false) instead."""
        body = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        with self.lock:
            self.faults.setdefault(method, []).extend([(status, body)] * times)

    def messages(self, chat_id):
        with self.lock:
            return [m for m in self.sent if m.get("chat_id") == chat_id]

    def calls_of(self, method):
        with self.lock:
            return [(t, body) for (m, body, t) in self.calls if m == method]

    def wait_messages(self, chat_id, count, timeout=20):
        """Waits until chat_id got at least count messages; returns them all."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                got = [m for m in self.sent if m.get("chat_id") == chat_id]
                if len(got) >= count or time.monotonic() >= deadline:
                    return got
                self.lock.wait(0.1)

    def wait_confirmed(self, update_id, timeout=20):
        """Waits until the bot asked for updates past update_id (it was handled)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while any(u["update_id"] <= update_id for u in self.pending):
                if time.monotonic() >= deadline:
                    return False
                self.lock.wait(0.1)
            return True

    # -- the server -----------------------------------------------------------------------
    def _message_id(self):
        with self.lock:
            self.next_message_id += 1
            return self.next_message_id

    def _get_updates(self, body):
        offset = int(body.get("offset", 0))
        limit = int(body.get("limit", 100))
        wait = min(float(body.get("timeout", 0)), POLL_CAP_S)
        deadline = time.monotonic() + wait
        with self.lock:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
            self.lock.notify_all()
            while not self.pending and time.monotonic() < deadline:
                self.lock.wait(deadline - time.monotonic())
            return [u for u in self.pending if u["update_id"] >= offset][:limit]

    def _answer(self, method, body):
        with self.lock:
            self.calls.append((method, body, time.monotonic()))
            faults = self.faults.get(method)
            if faults:
                return faults.pop(0)
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(body)}
        if method in ("sendMessage", "editMessageText"):
            for field in ("chat_id", "text"):
                if field not in body:
                    return 400, {"ok": False, "error_code": 400,
                                 "description": f"Bad Request: {field} is empty"}
            message_id = body.get("message_id") or self._message_id()
            with self.lock:
                self.sent.append(dict(body, method=method, message_id=message_id))
                self.lock.notify_all()
            return 200, {"ok": True, "result": {"message_id": message_id, "date": int(time.time()),
                                                "chat": {"id": body["chat_id"]},
                                                "text": body["text"]}}
        if method in ("answerCallbackQuery", "deleteWebhook", "setMyCommands"):
            return 200, {"ok": True, "result": True}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    status, answer = 401, {"ok": False, "error_code": 401,
                                           "description": "Unauthorized"}
                else:
                    try:
                        body = json.loads(raw or b"{}")
                    except ValueError:
                        body = None
                    if not isinstance(body, dict):
                        status, answer = 400, {"ok": False, "error_code": 400,
                                               "description": "Bad Request: not JSON"}
                    else:
                        method = self.path[len(prefix):]
                        status, answer = fake._answer(method, body)
                        if fake.verbose:
                            print(method, json.dumps(body, ensure_ascii=False), "->", status,
                                  flush=True)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


if __name__ == "__main__":
    fake = FakeBotApi(sys.argv[2], verbose=True)
    fake.server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), fake._handler())
    fake.server.serve_forever()
