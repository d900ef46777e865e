"""Run localstripe (the fake Stripe used by the demo and the tests) on loopback only.

localstripe's own entry point listens on every interface; a laptop demo or a CI runner has
no reason to expose a fake payment server, so this starts the same aiohttp app on
127.0.0.1. Usage: python -m payments.localstripe_loopback --port 8420
"""

import argparse
import logging
import socket


def main() -> None:
    from aiohttp import web
    from localstripe import server

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web.run_app(server.app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main()
