#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible chat-completions API, for the moderation e2e tests.

POST /v1/chat/completions answers a moderation verdict: flagged (category "threat") when the
user message contains MARKER, clean otherwise. Behaviour knobs (command line):
  --delay S        wait S seconds before each answer
  --fail N         answer the first N requests 429 with Retry-After: 1
  --garbage        answer content that is not a verdict
  --huge           answer a body larger than the client accepts
GET /count gives the number of chat requests answered 200, as {"count": n}.
Usage: llm_stub.py PORT [knobs]; prints "ready" on stdout once listening.
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MARKER = "zqxj-stub-flag"


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.requests = 0
        self.answered = 0


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body, headers=()):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/count":
                self.send(200, {"count": state.answered})
            else:
                self.send(404, {"error": "no such path"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v1/chat/completions":
                self.send(404, {"error": "no such path"})
                return
            with state.lock:
                state.requests += 1
                n = state.requests
            if n <= state.args.fail:
                self.send(429, {"error": "slow down"}, [("Retry-After", "1")])
                return
            time.sleep(state.args.delay)
            user = request["messages"][-1]["content"]
            if state.args.huge:
                self.send(200, b'{"pad":"' + b"x" * (400 * 1024) + b'"}')
                return
            if state.args.garbage:
                content = "I think this ad is fine, probably."
            elif MARKER in user:
                content = json.dumps({"flagged": True, "category": "threat"})
            else:
                content = json.dumps({"flagged": False, "category": "none"})
            with state.lock:
                state.answered += 1
            self.send(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--garbage", action="store_true")
    parser.add_argument("--huge", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(State(args)))
    print("ready", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
