"""Commissions at any stage, built through the services where the stage matters (quotes,
contract, milestones), and artisans with their households for teams and labour."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from artisans.models import ArtisanIndexPage
from commissions import services
from commissions.models import Commission, Stage
from tests.artisans.factories import ArtisanIndexPageFactory, ArtisanPageFactory, HouseholdFactory

REQUEST = services.ClientRequest(
    client_type="organisation", organisation="温江区公园管理处", contact_name="张丽",
    phone="13800138000", email="zhangli@example.cn", district="温江区寿安镇",
    address="天星村 1 组 公园入口", kind="arch", size="宽 4 米，高 3 米", budget="50-100k",
    wanted_by=None, description="入口拱门，要有活体植物。", consent_to_contact=True,
)


def make_request(**overrides) -> Commission:
    fields = {**REQUEST.__dict__, **overrides}
    language = fields.pop("language", "zh-hans")
    return services.commission_request(request=services.ClientRequest(**fields),
                                       language=language)


def quote_lines(total="10000.00"):
    return [services.QuoteLineInput(kind="materials", description="柳条与活体植物",
                                    quantity=Decimal("1"), unit="批",
                                    unit_price=Decimal(total))]


def make_quoted(total="10000.00", **overrides) -> Commission:
    commission = make_request(**overrides)
    services.commission_move(commission=commission, to_stage=Stage.SITE_SURVEY)
    quote = services.quote_create(commission=commission, lines=quote_lines(total),
                                  valid_until=timezone.localdate() + timedelta(days=30))
    services.quote_issue(quote=quote)
    commission.refresh_from_db()
    return commission


def make_contracted(total="10000.00", **overrides) -> Commission:
    commission = make_quoted(total, **overrides)
    services.quote_accept(quote=commission.quotes.get(), name="张丽")
    commission.refresh_from_db()
    return commission


def make_in_production(total="10000.00", starts_days_ago=30, **overrides) -> Commission:
    commission = make_contracted(total, **overrides)
    services.commission_move(commission=commission, to_stage=Stage.IN_PRODUCTION)
    Commission.objects.filter(pk=commission.pk).update(
        starts_on=timezone.localdate() - timedelta(days=starts_days_ago))
    commission.refresh_from_db()
    return commission


def pay_all(commission: Commission) -> None:
    for milestone in commission.milestones.all():
        services.milestone_record_offline_payment(milestone=milestone,
                                                  reference=f"BANK-{milestone.pk}")


def make_accepted(total="10000.00", **overrides) -> Commission:
    commission = make_in_production(total, **overrides)
    for stage in (Stage.INSTALLED, Stage.ACCEPTED):
        services.commission_move(commission=commission, to_stage=stage)
    commission.refresh_from_db()
    return commission


def directory_for(home) -> ArtisanIndexPage:
    index = ArtisanIndexPage.objects.child_of(home).first()
    return index or ArtisanIndexPageFactory(parent=home)


def artisan(home, code: str, household: str, name: str | None = None):
    return ArtisanPageFactory(parent=directory_for(home), code=code, title=name or f"手艺人{code}",
                              household=HouseholdFactory(code=household))
