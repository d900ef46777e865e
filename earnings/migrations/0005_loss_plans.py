"""Loss plans (弥补亏损): a plan's kind and its loss figures, and a ledger kind for the
reserve offset, the one kind besides a reversal whose amount is negative. Changing the check
constraint rebuilds the ledger table on SQLite, which drops its append-only triggers: they
are installed again at the end (dropped first, for PostgreSQL, where they survive)."""

from decimal import Decimal

from django.db import migrations, models

from earnings import immutability


def reinstall_triggers(apps, schema_editor):
    immutability.remove(schema_editor)
    immutability.install(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0004_import_job'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('earnings', '0004_household_month'),
    ]

    operations = [
        # Undone last when the migration is reversed, after the table's last rebuild.
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='earnings_entry_negative_only_reversal',
        ),
        migrations.AddField(
            model_name='distributionrun',
            name='kind',
            field=models.CharField(choices=[('distribution', 'Surplus distribution (盈余分配)'), ('loss', 'Loss offset (弥补亏损)')], default='distribution', max_length=12, verbose_name='kind of plan'),
        ),
        migrations.AddField(
            model_name='distributionrun',
            name='losses_carried_forward',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='losses carried forward'),
        ),
        migrations.AddField(
            model_name='distributionrun',
            name='reserve_offset',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), max_digits=14, verbose_name='offset against reserve shares'),
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('sale', 'Sales income'), ('labour', 'Labour income'), ('patronage', 'Patronage return'), ('capital', 'Capital return'), ('reserve', 'Reserve quantified'), ('reversal', 'Reversal'), ('offset', 'Reserve offset against a loss')], max_length=10, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gte', 0), models.Q(('kind', 'offset'), _negated=True)), ('kind', 'reversal'), models.Q(('amount__lte', 0), ('kind', 'offset')), _connector='OR'), name='earnings_entry_sign_by_kind'),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
