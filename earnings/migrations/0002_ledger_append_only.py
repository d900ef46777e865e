"""The ledger refuses UPDATE and DELETE in the database itself (earnings.immutability)."""

from django.db import migrations

from earnings import immutability


def install(apps, schema_editor):
    immutability.install(schema_editor)


def remove(apps, schema_editor):
    immutability.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("earnings", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
