import time

from django.core.management.base import BaseCommand

from orders.services import orders_release_expired


class Command(BaseCommand):
    help = ("Cancel orders not paid within their payment window and give their stock back. "
            "Run it every few minutes from cron, or keep it running with --every SECONDS "
            "(as `make demo` does).")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="keep running, sweeping every SECONDS (at least 10)")

    def handle(self, *args, every: int = 0, **options):
        while True:
            released = orders_release_expired()
            self.stdout.write(f"released {released} unpaid order(s)")
            if not every:
                return
            time.sleep(max(every, 10))
