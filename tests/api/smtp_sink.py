#!/usr/bin/python3
# A real SMTP server for the tests (Debian's python3-aiosmtpd): prints its port, then stores
# every message it receives as DIR/NNNN.eml — the envelope in X-Test-Rcpt / X-Test-From, then
# the message exactly as received — until its stdin closes (the test ended or died).
import os
import socket
import sys

from aiosmtpd.controller import Controller

out = sys.argv[1]


class Handler:
    def __init__(self):
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        tmp = os.path.join(out, ".%04d.tmp" % self.n)
        with open(tmp, "wb") as f:
            f.write(("X-Test-Rcpt: %s\r\nX-Test-From: %s\r\n" % (",".join(envelope.rcpt_tos), envelope.mail_from)).encode())
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(out, "%04d.eml" % self.n))
        return "250 OK"


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
sys.stdin.read()
controller.stop()
