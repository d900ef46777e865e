"""Run a command (the demo's dev server) with a fake Stripe beside it when no Stripe keys are
configured: starts localstripe on loopback, registers its webhook to the local site, points
the site at it through the STRIPE_* variables, and stops it when the command ends.

    python -m payments.with_localstripe --site http://127.0.0.1:8000 -- python manage.py runserver

With STRIPE_SECRET_KEY set, the command simply runs against the real Stripe account."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

DEMO_WEBHOOK_SECRET = "whsec_tianxing_local_demo"


def start_localstripe(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "payments.localstripe_loopback", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/js.stripe.com/v3/", timeout=1)
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"localstripe did not start on port {port}") from None
            time.sleep(0.2)


def register_webhook(port: int, url: str, secret: str) -> None:
    data = urllib.parse.urlencode({"url": url, "secret": secret}).encode()
    urllib.request.urlopen(f"http://127.0.0.1:{port}/_config/webhooks/tianxing", data=data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="http://127.0.0.1:8000")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOCALSTRIPE_PORT", 8420)))
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if os.environ.get("STRIPE_SECRET_KEY"):
        return subprocess.call(command)

    localstripe = start_localstripe(args.port)
    base = f"http://127.0.0.1:{args.port}"
    register_webhook(args.port, args.site.rstrip("/") + "/payments/stripe/webhook/",
                     DEMO_WEBHOOK_SECRET)
    env = dict(os.environ,
               STRIPE_SECRET_KEY="sk_test_localstripe",
               STRIPE_PUBLISHABLE_KEY="pk_test_localstripe",
               STRIPE_WEBHOOK_SECRET=DEMO_WEBHOOK_SECRET, STRIPE_API_BASE=base,
               STRIPE_JS_URL=f"{base}/js.stripe.com/v3/", STRIPE_PAYMENT_METHOD_TYPES="card")
    print(f"localstripe (fake Stripe) on {base}: pay with 4242 4242 4242 4242, "
          "any future date, any CVC", flush=True)
    server = subprocess.Popen(command, env=env)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `kill` stops the site and localstripe together
    try:
        return server.wait()
    except KeyboardInterrupt:
        # Ctrl-C reaches the server through the terminal too; `kill` does not, and a
        # background job may ignore SIGINT, so stop it with SIGTERM.
        server.terminate()
        try:
            return server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            return server.wait()
    finally:
        localstripe.terminate()
        try:
            localstripe.wait(timeout=10)
        except subprocess.TimeoutExpired:
            localstripe.kill()


if __name__ == "__main__":
    sys.exit(main())
