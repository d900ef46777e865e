"""The payments app on its own: a payable it knows only by type and id, the registered
handler it tells, offline payments and refunds, idempotency — no orders involved."""

import pytest

from payments import registry, services
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund

pytestmark = pytest.mark.django_db
PAYABLE = "tests.invoice"


class Recorder:
    def __init__(self):
        self.calls = []

    def on_payment_succeeded(self, *, payment):
        self.calls.append(("succeeded", payment.pk, payment.amount))

    def on_payment_failed(self, *, payment):
        self.calls.append(("failed", payment.pk, payment.failure_message))

    def on_payment_refunded(self, *, refund):
        self.calls.append(("refunded", refund.payment_id, refund.amount))


@pytest.fixture
def handler(monkeypatch):
    recorder = Recorder()
    monkeypatch.setitem(registry._handlers, PAYABLE, recorder)
    return recorder


def test_offline_start_then_record_completes_the_pending_row(handler, committee_user):
    pending = services.payment_start(payable_type=PAYABLE, payable_id=7, amount_fen=12345,
                                     provider=PaymentProvider.OFFLINE, description="invoice 7")
    assert pending.status == PaymentStatus.PENDING and str(pending.amount) == "123.45"
    again = services.payment_start(payable_type=PAYABLE, payable_id=7, amount_fen=12345,
                                   provider=PaymentProvider.OFFLINE, description="invoice 7")
    assert again.pk == pending.pk and handler.calls == []
    paid = services.payment_record_offline(payable_type=PAYABLE, payable_id=7,
                                           amount_fen=12345, reference=" ICBC-1 ",
                                           actor=committee_user)
    assert paid.pk == pending.pk and paid.status == PaymentStatus.SUCCEEDED
    assert paid.reference == "ICBC-1" and paid.recorded_by == committee_user
    assert handler.calls == [("succeeded", paid.pk, paid.amount)]


@pytest.mark.parametrize("amount_fen, reference, message", [
    (0, "ICBC-1", "at least"), (-5, "ICBC-1", "at least"), (100, "  ", "reference"),
])
def test_bad_offline_records_change_nothing(handler, amount_fen, reference, message):
    with pytest.raises(PaymentError, match=message):
        services.payment_record_offline(payable_type=PAYABLE, payable_id=1,
                                        amount_fen=amount_fen, reference=reference, actor=None)
    assert not Payment.objects.exists() and handler.calls == []


def test_unregistered_payable_is_refused():
    with pytest.raises(LookupError):
        services.payment_record_offline(payable_type="nobody.knows", payable_id=1,
                                        amount_fen=100, reference="x", actor=None)
    assert not Payment.objects.exists()


def test_success_is_recorded_once_per_intent_and_failure_never_undoes_it(handler):
    first = services.payment_record_success(payable_type=PAYABLE, payable_id=3,
                                            provider=PaymentProvider.STRIPE, amount_fen=5000,
                                            currency="cny", intent_id="pi_test_123456")
    second = services.payment_record_success(payable_type=PAYABLE, payable_id=3,
                                             provider=PaymentProvider.STRIPE, amount_fen=5000,
                                             currency="cny", intent_id="pi_test_123456")
    assert first.pk == second.pk and first.currency == "CNY"
    services.payment_record_failure(intent_id="pi_test_123456", message="late")
    first.refresh_from_db()
    assert first.status == PaymentStatus.SUCCEEDED
    assert [c[0] for c in handler.calls] == ["succeeded"]


def test_an_intent_cannot_pay_another_payable(handler):
    services.payment_record_success(payable_type=PAYABLE, payable_id=3,
                                    provider=PaymentProvider.STRIPE, amount_fen=5000,
                                    intent_id="pi_test_abcdef", currency="CNY")
    Payment.objects.update(status=PaymentStatus.PENDING)
    with pytest.raises(PaymentError):
        services.payment_record_success(payable_type=PAYABLE, payable_id=4,
                                        provider=PaymentProvider.STRIPE, amount_fen=5000,
                                        intent_id="pi_test_abcdef", currency="CNY")


def test_failure_tells_the_handler(handler):
    payment = Payment.objects.create(payable_type=PAYABLE, payable_id=9, amount="10.00",
                                     provider=PaymentProvider.STRIPE, intent_id="pi_fail_000001")
    services.payment_record_failure(intent_id="pi_fail_000001", message="declined")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and payment.failure_message == "declined"
    assert handler.calls == [("failed", payment.pk, "declined")]


def test_offline_refunds_up_to_what_was_paid(handler, committee_user):
    payment = services.payment_record_offline(payable_type=PAYABLE, payable_id=2,
                                              amount_fen=10000, reference="R", actor=None)
    refund = services.refund_create(payment=payment, amount_fen=2550, reason="scratch",
                                    actor=committee_user)
    assert str(refund.amount) == "25.50" and refund.stripe_refund_id is None
    assert payment.refundable_fen == 7450
    for too_much in (7451, 0, -1):
        with pytest.raises(PaymentError):
            services.refund_create(payment=payment, amount_fen=too_much, reason="", actor=None)
    services.refund_create(payment=payment, amount_fen=7450, reason="", actor=None)
    assert payment.refundable_fen == 0 and Refund.objects.count() == 2
    assert [c[0] for c in handler.calls] == ["succeeded", "refunded", "refunded"]


def test_refund_record_is_idempotent_per_stripe_refund(handler):
    payment = services.payment_record_success(payable_type=PAYABLE, payable_id=5,
                                              provider=PaymentProvider.STRIPE, amount_fen=900,
                                              intent_id="pi_ref_000001", currency="CNY")
    one = services.refund_record(payment=payment, amount_fen=300, stripe_refund_id="re_1")
    two = services.refund_record(payment=payment, amount_fen=300, stripe_refund_id="re_1")
    assert one.pk == two.pk and Refund.objects.count() == 1


def test_a_pending_payment_cannot_be_refunded(handler):
    payment = services.payment_start(payable_type=PAYABLE, payable_id=8, amount_fen=100,
                                     provider=PaymentProvider.OFFLINE, description="")
    with pytest.raises(PaymentError):
        services.refund_create(payment=payment, amount_fen=100, reason="", actor=None)


def test_registering_a_second_kind_of_handler_for_a_type_is_refused(handler):
    class Other(Recorder):
        pass

    with pytest.raises(ValueError):
        registry.register(PAYABLE, Other())
    registry.register(PAYABLE, handler)  # the same handler again (ready() twice) is fine
