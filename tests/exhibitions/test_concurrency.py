"""20 visitors at once for the last 3 places of a session: exactly 3 are registered."""

import threading

import pytest
from django.db import connection, connections

from exhibitions import services
from exhibitions.models import Registration
from tests.exhibitions.factories import make_exhibition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twenty_registrations_for_the_last_three_places(home):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking (CI runs it with DATABASE_URL=postgres://…)")
    exhibition = make_exhibition(home, capacity=10, days=1)
    session = exhibition.sessions.get()
    services.registration_create(page=exhibition, session_id=session.pk, name="先到",
                                 phone="13900000000", party_size=7)
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt(n):
        try:
            barrier.wait()
            services.registration_create(page=exhibition, session_id=session.pk,
                                         name=f"访客{n}", phone=f"138{n:08d}", party_size=1)
            outcomes.append("ok")
        except services.RegistrationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3 and outcomes.count("refused") == 17
    assert sum(Registration.objects.values_list("party_size", flat=True)) == 10
