import os
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.demo import DEMO_PASSWORD, DEMO_USERS, DemoContext


class Command(BaseCommand):
    help = (
        "Load the Tianxing demo village: households, artisans, works and the rest, with demo "
        "users for every role. Deterministic and idempotent; --scale N builds N times as much."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1,
            help="1 = the real village's size; 10 for benchmarks; 0.05 for a quick look",
        )
        parser.add_argument("--quiet-logins", action="store_true",
                            help="do not print the demo logins at the end")

    def handle(self, *args, scale, quiet_logins, **options):
        if not 0.01 <= scale <= 50:
            raise CommandError("--scale must be a number from 0.01 to 50.")
        ctx = DemoContext(scale=scale, stdout=self.stdout)
        demo_modules = [
            import_module(f"{app_config.name}.demo")
            for app_config in apps.get_app_configs()
            if find_spec(f"{app_config.name}.demo") is not None
        ]
        demo_modules = [module for module in demo_modules if hasattr(module, "load")]
        # The reference index (image usage counts) is left to `manage.py
        # rebuild_references_index`: kept up to date page by page, it was a third of the time.
        with disable_reference_index_auto_update():
            for module in demo_modules:
                self.stdout.write(
                    f"{apps.get_containing_app_config(module.__name__).verbose_name}:")
                with transaction.atomic():
                    module.load(ctx)
            # Second pass, for links that point forward along the data flow (the home page's
            # hero work exists only once the catalogue is loaded).
            for module in demo_modules:
                if hasattr(module, "finish"):
                    with transaction.atomic():
                        module.finish(ctx)
        created = ", ".join(f"{n} {what}" for what, n in ctx.created.items()) or "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Demo village ready (scale {scale:g}): {created}."))
        if not quiet_logins:
            host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
            address = f"http://{host}:{port}"
            self.stdout.write(f"\nDemo logins (admin at {address}/admin/):")
            for username, _group, _superuser, description in DEMO_USERS:
                self.stdout.write(f"  {username:<12} / {DEMO_PASSWORD:<15} {description}")
