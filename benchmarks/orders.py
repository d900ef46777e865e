"""Orders benchmark: placing an order (three works, stock reserved, prices and maker shares
frozen) and processing a signed Stripe webhook end to end through the view (signature check,
storage, once-only processing, order marked paid). Prints query counts and median times.

    .venv/bin/python -m benchmarks.orders

Runs in an SQLite file of its own (BENCH_ORDERS_DB, rebuilt each run); no network needed: the
webhook payloads are signed here with the configured secret, exactly as Stripe signs them."""

import hashlib
import hmac
import json
import os
import statistics
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "60"))
SECRET = "whsec_benchmark"


def setup_django():
    path = os.environ.get("BENCH_ORDERS_DB",
                          os.path.join(tempfile.gettempdir(), "tianxing-bench-orders.sqlite3"))
    if os.path.exists(path):
        os.remove(path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tianxing.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    call_command("migrate", verbosity=0)


def seed():
    from wagtail.models import Locale, Page

    from tests.factories import HomePageFactory
    from tests.orders.factories import artisan_for, make_product

    Locale.objects.get_or_create(language_code="zh-hans")
    home = HomePageFactory(parent=Page.get_first_root_node(), title="天星村", slug="bench-home")
    a = artisan_for(home, "TX-01-001", "甲")
    b = artisan_for(home, "TX-01-002", "乙")
    return [make_product(home, title=f"作品{i}", price=f"{88 + i}.50", stock=RUNS * 3,
                         makers=[(a, "60"), (b, "40")]) for i in range(3)]


def counted(fn):
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    return result, len(queries), elapsed


def main():
    setup_django()
    from django.test import Client

    from core.money import to_fen
    from orders import services
    from orders.models import DeliveryMethod, Order, OrderStatus
    from payments.models import Payment, PaymentProvider

    products = seed()
    buyer = services.Buyer(name="李明", phone="13800138000", email="", province="四川省",
                           city="成都市", district="温江区",
                           address_detail="寿安镇天星村 3 组 17 号")
    items = [(p.pk, 1) for p in products]

    def place():
        return services.order_place(items=items, buyer=buyer,
                                    delivery_method=DeliveryMethod.COURIER,
                                    payment_provider=PaymentProvider.STRIPE)

    place()  # warm caches
    orders, place_queries, place_times = [], [], []
    for _ in range(RUNS):
        order, queries, ms = counted(place)
        orders.append(order)
        place_queries.append(queries)
        place_times.append(ms)

    client = Client()
    webhook_queries, webhook_times = [], []
    for n, order in enumerate(orders):
        intent_id = f"pi_bench_{n:04d}"
        Payment.objects.create(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk,
                               provider=PaymentProvider.STRIPE, amount=order.total,
                               intent_id=intent_id)
        event = {"id": f"evt_bench_{n:04d}", "object": "event", "type": "payment_intent.succeeded",
                 "created": int(time.time()),
                 "data": {"object": {"id": intent_id, "object": "payment_intent",
                                     "amount": to_fen(order.total),
                                     "amount_received": to_fen(order.total), "currency": "cny",
                                     "metadata": {"payable_type": Order.PAYABLE_TYPE,
                                                  "payable_id": str(order.pk)}}}}
        payload = json.dumps(event).encode()
        stamp = int(time.time())
        signature = hmac.new(SECRET.encode(), b"%d.%s" % (stamp, payload),
                             hashlib.sha256).hexdigest()

        def deliver(payload=payload, header=f"t={stamp},v1={signature}"):
            return client.post("/payments/stripe/webhook/", data=payload,
                               content_type="application/json", HTTP_STRIPE_SIGNATURE=header)

        response, queries, ms = counted(deliver)
        assert response.status_code == 200, response.content
        webhook_queries.append(queries)
        webhook_times.append(ms)
        order.refresh_from_db()
        assert order.status == OrderStatus.PAID

    print(f"runs: {RUNS}")
    print(f"order_place (3 lines, 2 makers each): queries {max(place_queries)} (limit 25), "
          f"median {statistics.median(place_times):.1f} ms")
    print(f"webhook payment_intent.succeeded via the view: queries {max(webhook_queries)}, "
          f"median {statistics.median(webhook_times):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
