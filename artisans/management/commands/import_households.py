from artisans import services
from artisans.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update households by code from a CSV (UTF-8 or GBK) or XLSX file with the "
        "columns code,head_name,village_group,members,is_member,joined_on,left_on,"
        "capital_contribution,reserve_share. All or nothing unless --skip-invalid."
    )

    def run_import(self, **kwargs):
        return services.household_import(**kwargs)
