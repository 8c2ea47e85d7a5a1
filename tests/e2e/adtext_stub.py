#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible chat-completions API, for the ad-text e2e tests.

POST /v1/chat/completions answers by the scenario named in the prompt ("scenario=NAME", put
there through the campaign title); the state is kept per prompt, so "first 429, then success"
holds for each job:
  ok       200, a text wrapped in quotes and markdown (the runner must clean it); the text says
           "ru" or "en" after the language the prompt asks for
  rate     first 429 with Retry-After: 1, then as ok
  flaky    first 500, then as ok
  stall    sleeps 5 s before answering (past the client's timeout)
  garbage  200 with a body that is not JSON
  huge     200 with a body larger than the client accepts
  quota    429 with error code insufficient_quota (must not be retried)
  long     200 with a 3000-character text (the runner must bound it)
  slow     sleeps 0.2 s, then as ok
  quick    as ok (a name of its own for the tally)
  hang     sleeps 30 s (the test kills the runner meanwhile)
GET /tally gives {scenario: {status: count}} of the answers begun; GET /seen, the number of
requests received. Usage: adtext_stub.py PORT; prints "ready" once listening.
"""
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCENARIO = re.compile(r"scenario=([a-z]+)")


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.tally = {}
        self.per_prompt = {}
        self.seen = 0

    def note(self, scenario, status):
        with self.lock:
            counts = self.tally.setdefault(scenario, {})
            counts[str(status)] = counts.get(str(status), 0) + 1


def ok_content(prompt):
    lang = "ru" if "Russian" in prompt else "en"
    return f'"**Stub text** in {lang}. Order now!"'


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body, headers=()):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout under test)

        def completion(self, content):
            return {"id": "stub", "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                 "finish_reason": "stop"}]}

        def do_GET(self):
            with state.lock:
                if self.path == "/tally":
                    body = state.tally
                elif self.path == "/seen":
                    body = {"seen": state.seen}
                else:
                    body = None
            self.send(200 if body is not None else 404, body or {"error": "no such path"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v1/chat/completions":
                self.send(404, {"error": "no such path"})
                return
            prompt = request["messages"][-1]["content"]
            m = SCENARIO.search(prompt)
            scenario = m.group(1) if m else "ok"
            with state.lock:
                state.seen += 1
                n = state.per_prompt.get(prompt, 0) + 1
                state.per_prompt[prompt] = n
            if scenario == "rate" and n == 1:
                state.note(scenario, 429)
                self.send(429, {"error": {"message": "slow down", "code": "rate_limit_exceeded"}},
                          [("Retry-After", "1")])
            elif scenario == "flaky" and n == 1:
                state.note(scenario, 500)
                self.send(500, {"error": {"message": "internal"}})
            elif scenario == "quota":
                state.note(scenario, 429)
                self.send(429, {"error": {"message": "You exceeded your current quota",
                                          "type": "insufficient_quota", "code": "insufficient_quota"}})
            elif scenario == "garbage":
                state.note(scenario, 200)
                self.send(200, b"this is not json {")
            elif scenario == "huge":
                state.note(scenario, 200)
                self.send(200, b'{"pad":"' + b"x" * (400 * 1024) + b'"}')
            elif scenario in ("stall", "hang"):
                state.note(scenario, "sleep")
                time.sleep(5 if scenario == "stall" else 30)
                self.send(200, self.completion(ok_content(prompt)))
            elif scenario == "long":
                state.note(scenario, 200)
                self.send(200, self.completion("Buy now! " + "very " * 600 + "good."))
            else:
                if scenario == "slow":
                    time.sleep(0.2)
                state.note(scenario, 200)
                self.send(200, self.completion(ok_content(prompt)))

    return Handler


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), make_handler(State()))
    server.daemon_threads = True
    print("ready", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
