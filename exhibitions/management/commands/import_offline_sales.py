from artisans.management.commands._import import ImportCommand
from exhibitions import services


class Command(ImportCommand):
    help = (
        "Record on-site sales from a CSV (UTF-8 or GBK) or XLSX file with the columns "
        "date,artisan_code,amount,reference,description and optionally product_slug, "
        "exhibition_slug, payment_means. A reference is recorded only once. All or nothing "
        "unless --skip-invalid."
    )

    def run_import(self, **kwargs):
        return services.onsite_sales_import(**kwargs)
