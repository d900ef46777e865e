from django.core.management.base import BaseCommand

from orders.services import orders_release_expired


class Command(BaseCommand):
    help = "Cancel orders not paid within their payment window and give their stock back."

    def handle(self, *args, **options):
        released = orders_release_expired()
        self.stdout.write(f"released {released} unpaid order(s)")
