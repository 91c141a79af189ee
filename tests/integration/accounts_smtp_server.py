#!/usr/bin/python3
"""A real SMTP server for Postroom's account and transport integration tests.

aiosmtpd (Debian python3-aiosmtpd) on a free 127.0.0.1 port, with STARTTLS (or
implicit TLS) from a certificate the test made, AUTH PLAIN and LOGIN for one user,
and every accepted message written byte for byte to OUT_DIR/<n>.eml (envelope in
<n>.json). Prints the port on stdout once it accepts connections; runs until its
standard input closes, so it never outlives the test that started it.
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Capture:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out_dir, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       # session.ssl is set by STARTTLS only; implicit TLS shows on
                       # the transport.
                       "tls": session.ssl is not None
                       or server.transport.get_extra_info("ssl_object") is not None}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    # aiosmtpd 1.4 warns about its own use of Session.login_data on every AUTH.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", default="alice")
    parser.add_argument("--password", default="wonderland")
    parser.add_argument("--implicit", action="store_true", help="smtps: TLS from the start")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        # handled=False: aiosmtpd sends the 535 itself (handled=True would mean "already
        # answered" and leave the client waiting).
        return AuthResult(success=ok, handled=False)

    port = free_port()
    kwargs = dict(hostname="127.0.0.1", port=port, authenticator=authenticator,
                  auth_require_tls=True, server_hostname="postroom-test.local")
    if args.implicit:
        kwargs["ssl_context"] = context
        # aiosmtpd 1.4 counts only STARTTLS as TLS for auth_require_tls; implicit TLS is
        # encrypted from the first byte, so AUTH may be offered at once.
        kwargs["auth_require_tls"] = False
    else:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = False
    controller = Controller(Capture(args.out_dir), **kwargs)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin (or dies)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
