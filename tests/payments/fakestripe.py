"""A real localstripe server for the whole session (started on a free loopback port, stopped
at the end), settings that point the official stripe library and the webhook at it, and
helpers to sign events and tokenise cards. Any app's tests that pay through Stripe import
the fixtures into their conftest:

    from tests.payments.fakestripe import localstripe, stripe_settings  # noqa: F401
"""

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

WEBHOOK_SECRET = "whsec_tianxing_tests"
WEBHOOK = "/payments/stripe/webhook/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "payments.localstripe_loopback", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/js.stripe.com/v3/", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe):
    settings.STRIPE_SECRET_KEY = "sk_test_tianxing"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_tianxing"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = f"{localstripe}/js.stripe.com/v3/"
    settings.STRIPE_PAYMENT_METHOD_TYPES = ["card"]
    return settings


@pytest.fixture
def webhook_to_live_server(live_server, localstripe):
    """localstripe delivers its own signed webhooks to the live server during the test."""
    register_webhook(localstripe, live_server.url + WEBHOOK)
    yield
    register_webhook(localstripe, "http://127.0.0.1:9/unused")  # stop deliveries


def register_webhook(localstripe_base: str, url: str, name: str = "tianxing") -> None:
    data = f"url={urllib.request.quote(url, safe='')}&secret={WEBHOOK_SECRET}".encode()
    urllib.request.urlopen(f"{localstripe_base}/_config/webhooks/{name}", data=data).read()


def signed(event: dict, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """Sign a payload the way Stripe (and localstripe) does: t=…,v1=HMAC(t.payload)."""
    payload = json.dumps(event).encode()
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), b"%d.%s" % (timestamp, payload),
                         hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def card_token(localstripe_base: str, number: str = "4242424242424242") -> dict:
    data = urllib.parse.urlencode({
        "card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2034",
        "card[cvc]": "123", "key": "pk_test_tianxing",
    }).encode()
    return json.loads(urllib.request.urlopen(f"{localstripe_base}/v1/tokens", data=data).read())


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    return {"id": event_id or f"evt_{kind.replace('.', '_')}_{obj['id']}", "object": "event",
            "type": kind, "created": int(time.time()), "data": {"object": obj}}


def deliver(client, evt: dict, secret: str | None = None):
    """POST a signed event to the webhook as Stripe would."""
    payload, header = signed(evt) if secret is None else signed(evt, secret=secret)
    return client.post(WEBHOOK, data=payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)
