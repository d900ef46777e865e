from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders.models import Order
        from orders.payables import OrderPayments
        from payments import registry

        registry.register(Order.PAYABLE_TYPE, OrderPayments())
