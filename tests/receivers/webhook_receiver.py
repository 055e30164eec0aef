#!/usr/bin/env python3
"""A webhook / robot / SMS-gateway receiver for yuqing's channel tests (stdlib only).

Listens on 127.0.0.1 on a free port, prints the port on stdout once ready, and appends one
JSON line per complete request to LOG: {"path", "query", "headers", "body"}. What it answers
depends on the path, so one receiver serves every test:

  /status/<code>[/...]        answers <code> with an empty JSON object
  /flaky/<code>/<n>[/...]     answers <code> to the first n requests on this path, then 200
  /robot/<field>/<code>[/...] answers 200 {"<field>": <code>, "msg": "..."} (robot status JSON)
  anything else               answers 200 {"errcode":0,"errmsg":"ok","code":0,"msg":"success"}

--delay-ms N sleeps before answering each request (so a killed sender is caught mid-flight).
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit, parse_qs

OK_BODY = {"errcode": 0, "errmsg": "ok", "code": 0, "msg": "success"}


class Receiver(BaseHTTPRequestHandler):
    server_version = "yuqing-test-receiver/1"

    def log_message(self, fmt, *args):  # quiet: the log file is the record
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if len(body) != length:
            return  # the sender died mid-request: nothing was delivered
        parts = urlsplit(self.path)
        record = {
            "path": parts.path,
            "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8", errors="replace"),
        }
        if self.server.delay_ms:
            time.sleep(self.server.delay_ms / 1000.0)
        with self.server.lock:
            self.server.log.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.server.log.flush()
            status, answer = self.answer(parts.path)
        payload = json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender was killed while waiting: the crash test does this on purpose

    def answer(self, path):
        segments = [s for s in path.split("/") if s]
        if len(segments) >= 2 and segments[0] == "status":
            return int(segments[1]), {}
        if len(segments) >= 3 and segments[0] == "flaky":
            seen = self.server.seen.get(path, 0)
            self.server.seen[path] = seen + 1
            if seen < int(segments[2]):
                return int(segments[1]), {}
            return 200, OK_BODY
        if len(segments) >= 3 and segments[0] == "robot":
            return 200, {segments[1]: int(segments[2]), "msg": "refused by test receiver"}
        return 200, OK_BODY


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    server.log = open(args.log, "a", encoding="utf-8")
    server.lock = threading.Lock()
    server.seen = {}
    server.delay_ms = args.delay_ms
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
