#!/usr/bin/env python3
"""An SMTP receiver for yuqing's e-mail channel tests (python3-aiosmtpd).

Listens on 127.0.0.1, prints the port on stdout once ready, writes each message raw into
DIR/<n>.eml and appends a JSON line to DIR/messages.jsonl with what the test checks, decoded
by Python's email package: subject, from, to, message_id, idempotency_key, date, text, html,
and the envelope's mail_from / rcpt_tos.

--reject-rcpt ADDR answers 550 to RCPT TO for that mailbox (a permanent failure).
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory, reject):
        self.directory = directory
        self.reject = reject
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        with self.lock:
            self.count += 1
            n = self.count
        with open(os.path.join(self.directory, f"{n}.eml"), "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        plain = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "subject": str(msg["subject"]),
            "raw_headers": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace"),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "message_id": str(msg["message-id"]),
            "idempotency_key": str(msg["x-yuqing-idempotency-key"]),
            "date": str(msg["date"]),
            "content_type": msg.get_content_type(),
            "text": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
        }
        with self.lock, open(os.path.join(self.directory, "messages.jsonl"), "a",
                             encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--reject-rcpt", default="")
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    port = free_port()
    controller = Controller(Handler(args.directory, args.reject_rcpt), hostname="127.0.0.1",
                            port=port)
    controller.start()
    print(port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
