from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    name = "commissions"
    verbose_name = _("Commissioned installations")

    def ready(self):
        from commissions import selectors  # noqa: F401 - registers the showcase's listing
        from commissions.payables import MilestonePayments
        from commissions.services.payments import PAYABLE_TYPE
        from payments import registry

        registry.register(PAYABLE_TYPE, MilestonePayments())
