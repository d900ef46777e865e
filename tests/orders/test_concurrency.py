"""20 buyers at once for the last 5 pieces: exactly 5 orders hold stock, never below zero."""

import threading

import pytest
from django.db import connection, connections

from catalogue.models import StockRecord
from orders import services
from orders.models import DeliveryMethod, Order
from payments.models import PaymentProvider
from tests.orders.factories import make_product

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twenty_buyers_five_pieces(home, buyer):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking (CI runs it with DATABASE_URL=postgres://…)")
    product = make_product(home, stock=5)
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            services.order_place(items=[(product.pk, 1)], buyer=buyer,
                                 delivery_method=DeliveryMethod.COURIER,
                                 payment_provider=PaymentProvider.STRIPE)
            outcomes.append("ok")
        except services.OutOfStock:
            outcomes.append("sold out")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 5 and outcomes.count("sold out") == 15
    assert Order.objects.count() == 5
    assert StockRecord.objects.get(product=product).quantity == 0
