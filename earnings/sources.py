"""Where ledger entries come from: a small registry of source adapters, one per kind of record
that earns a household money (a maker's share of a paid order line, a refund's reversal of
it, an on-site sale's share, a commission settlement line). Each adapter lists its records
not yet posted (since a date) and turns a batch of them into entry drafts; the services post
the drafts. The orders adapters are always active; the commissions and exhibitions adapters
only once their app is installed, so earnings never needs them to exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder

from core.money import allocate, to_fen
from earnings.charter import CharterBook
from earnings.models import Charter, EntryKind, LedgerEntry


@dataclass(frozen=True)
class EntryDraft:
    """An entry about to be posted: amounts in integer fen."""

    household_id: int
    kind: str
    amount_fen: int
    entry_date: date
    source_type_id: int
    source_id: int
    artisan_id: int | None = None
    sales_volume_fen: int = 0
    labour_volume_fen: int = 0
    reverses_id: int | None = None
    note: str = ""


def makers_pool_fen(gross_fen: int, material_fen: int, charter: Charter) -> int:
    """What a sold line leaves for its makers: gross, less the material cost (if the charter
    deducts it), less the cooperative's retention on the rest, split exactly to the fen."""
    margin = gross_fen - material_fen if charter.deduct_material_cost else gross_fen
    if margin <= 0:
        return 0
    rate = Fraction(charter.product_retention)
    return allocate(margin, {"makers": 1 - rate, "retention": rate})["makers"]


def reversal_fen(*, original_income_fen: int, original_volume_fen: int,
                 reversed_volume_fen: int) -> int:
    """The income a reversal of `reversed_volume_fen` of gross takes back (a negative fen
    amount): the original income scaled by the reversed share of the gross, split exactly,
    so reversing the whole gross mirrors the original to the fen."""
    if original_volume_fen <= 0 or reversed_volume_fen <= 0 or original_income_fen == 0:
        return 0
    withheld = max(original_volume_fen - original_income_fen, 0)
    return -allocate(reversed_volume_fen,
                     {"income": original_income_fen, "withheld": withheld})["income"]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_of(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


class SourceAdapter:
    """One kind of source record. Subclasses set the class attributes and write
    `dated_since` and `drafts`."""

    name = ""
    label = ""
    app_label = ""
    model_label = ""
    kinds: tuple[str, ...] = ()
    order = 0  # originals post before their reversals

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def is_active(self) -> bool:
        if not apps.is_installed(self.app_label):
            return False
        try:
            self.model  # noqa: B018 - the app may be installed before this model exists
        except LookupError:
            return False
        return True

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def dated_since(self, queryset: QuerySet, since: date) -> QuerySet:
        raise NotImplementedError

    def postable(self, since: date | None = None) -> QuerySet:
        """Records not yet posted, dated on or after `since` (all when None)."""
        posted = LedgerEntry.objects.filter(
            source_type=self.content_type(), source_id=OuterRef("pk"), kind__in=self.kinds)
        queryset = self.model.objects.filter(~Exists(posted))
        if since is not None:
            queryset = self.dated_since(queryset, since)
        return queryset.order_by("pk")

    def drafts(self, records: Iterable, *, charters: CharterBook) -> list[EntryDraft]:
        raise NotImplementedError

    def links(self, ids: Iterable[int], *, user=None) -> dict[int, tuple[str, str | None]]:
        """What each record is, for a person, and where the admin shows it."""
        finder = AdminURLFinder(user)
        return {record.pk: (str(record), finder.get_edit_url(record))
                for record in self.model.objects.filter(pk__in=list(ids))}


class OrderSaleSource(SourceAdapter):
    """A maker's frozen share of a paid order line → sales income."""

    name = "orders.sale"
    label = _("Shop order lines")
    app_label = "orders"
    model_label = "orders.OrderLineMaker"
    kinds = (EntryKind.SALE,)
    order = 10

    def postable(self, since=None):
        return super().postable(since).filter(line__order__paid_at__isnull=False)

    def dated_since(self, queryset, since):
        return queryset.filter(line__order__paid_at__gte=_start_of(since))

    def drafts(self, records, *, charters):
        shares = list(records)
        if not shares:
            return []
        wanted = {share.pk for share in shares}
        siblings = defaultdict(list)
        for share in (self.model.objects.filter(line_id__in={s.line_id for s in shares})
                      .select_related("line__order").order_by("household_code", "pk")):
            siblings[share.line_id].append(share)
        source_type = self.content_type().pk
        drafts = []
        for line_shares in siblings.values():
            line = line_shares[0].line
            day = _day_of(line.order.paid_at)
            pool = makers_pool_fen(to_fen(line.line_total),
                                   to_fen(line.material_cost) * line.quantity,
                                   charters.in_force(day))
            weights = {(s.household_code, s.pk): to_fen(s.amount) for s in line_shares}
            parts = (allocate(pool, weights) if any(weights.values())
                     else dict.fromkeys(weights, 0))
            for share in line_shares:
                if share.pk not in wanted:
                    continue
                drafts.append(EntryDraft(
                    household_id=share.household_id, artisan_id=share.artisan_id,
                    kind=EntryKind.SALE, amount_fen=parts[(share.household_code, share.pk)],
                    sales_volume_fen=to_fen(share.amount), entry_date=day,
                    source_type_id=source_type, source_id=share.pk,
                    note=f"{line.order.number} · {line.product_title} × {line.quantity}"[:300],
                ))
        return drafts

    def links(self, ids, *, user=None):
        return {share.pk: (f"{share.line.order.number} · {share.line}",
                           _order_link(share.line.order))
                for share in self.model.objects.filter(pk__in=list(ids))
                .select_related("line__order")}


def _order_link(order) -> str | None:
    try:
        return reverse("order_desk:inspect", args=[order.pk])
    except NoReverseMatch:
        return None


class OrderRefundSource(SourceAdapter):
    """A refund's negative mirror of one maker's share → a reversal of the sales entry."""

    name = "orders.refund"
    label = _("Shop refunds")
    app_label = "orders"
    model_label = "orders.RefundAllocation"
    kinds = (EntryKind.REVERSAL,)
    order = 20

    def dated_since(self, queryset, since):
        return queryset.filter(refund__created_at__gte=_start_of(since))

    def drafts(self, records, *, charters):
        allocations = list(records)
        if not allocations:
            return []
        maker_ids = {a.line_maker_id for a in allocations}
        originals = {
            entry.source_id: entry for entry in LedgerEntry.objects.filter(
                source_type=ContentType.objects.get_for_model(
                    apps.get_model("orders.OrderLineMaker")),
                source_id__in=maker_ids, kind=EntryKind.SALE)
        }
        earlier = defaultdict(list)
        for allocation in (self.model.objects.filter(line_maker_id__in=maker_ids)
                           .order_by("pk").only("pk", "line_maker_id", "amount")):
            earlier[allocation.line_maker_id].append(allocation)
        source_type = self.content_type().pk
        drafts = []
        for allocation in (self.model.objects.filter(pk__in=[a.pk for a in allocations])
                           .select_related("refund", "line_maker__line__order")):
            original = originals.get(allocation.line_maker_id)
            if original is None:
                continue  # the sale is not posted (never paid): nothing to reverse yet
            before = -sum(to_fen(a.amount) for a in earlier[allocation.line_maker_id]
                          if a.pk < allocation.pk)
            after = before - to_fen(allocation.amount)
            income, volume = to_fen(original.amount), to_fen(original.sales_volume)
            amount = (reversal_fen(original_income_fen=income, original_volume_fen=volume,
                                   reversed_volume_fen=after)
                      - reversal_fen(original_income_fen=income, original_volume_fen=volume,
                                     reversed_volume_fen=before))
            drafts.append(EntryDraft(
                household_id=allocation.household_id,
                artisan_id=allocation.line_maker.artisan_id, kind=EntryKind.REVERSAL,
                amount_fen=amount, sales_volume_fen=to_fen(allocation.amount),
                entry_date=_day_of(allocation.refund.created_at),
                source_type_id=source_type, source_id=allocation.pk, reverses_id=original.pk,
                note=(f"{allocation.line_maker.line.order.number} · "
                      f"{allocation.refund.reason}")[:300],
            ))
        return drafts

    def links(self, ids, *, user=None):
        return {allocation.pk: (f"{allocation.line_maker.line.order.number} "
                                f"−{allocation.refund.amount}",
                                _order_link(allocation.line_maker.line.order))
                for allocation in self.model.objects.filter(pk__in=list(ids))
                .select_related("refund", "line_maker__line__order")}


def _first_attribute(record, names: tuple[str, ...]):
    for name in names:
        value = getattr(record, name, None)
        if value is not None:
            return value
    return None


class OnsiteSaleSource(SourceAdapter):
    """A household's share of a sale at an exhibition or the base → sales income; a share of
    a reversing sale (`reversal_of`) → a reversal of the original share's entry."""

    name = "exhibitions.onsite_sale"
    label = _("On-site sales")
    app_label = "exhibitions"
    model_label = "exhibitions.OnsiteSaleShare"
    kinds = (EntryKind.SALE, EntryKind.REVERSAL)
    order = 30

    def dated_since(self, queryset, since):
        return queryset.filter(sale__sold_on__gte=since)

    @staticmethod
    def _material_fen(sale) -> int:
        cost = getattr(sale, "material_cost", None)
        if cost is None:
            product = getattr(sale, "product", None)
            unit = getattr(product, "material_cost", None) if product else None
            cost = (unit or 0) * (getattr(sale, "quantity", None) or 1)
        return to_fen(cost)

    def drafts(self, records, *, charters):
        shares = list(records)
        if not shares:
            return []
        source_type = self.content_type().pk
        sale_ids = {s.sale_id for s in shares}
        by_sale = defaultdict(list)
        for share in (self.model.objects.filter(sale_id__in=sale_ids)
                      .select_related("sale__product", "household")
                      .order_by("household__code", "pk")):
            by_sale[share.sale_id].append(share)
        originals_of = {share.sale.reversal_of_id for shares_ in by_sale.values()
                        for share in shares_ if share.sale.reversal_of_id}
        original_share = {
            (share.sale_id, share.household_id, share.artisan_id): share.pk
            for share in self.model.objects.filter(sale_id__in=originals_of)
        }
        entries = {
            entry.source_id: entry for entry in LedgerEntry.objects.filter(
                source_type_id=source_type, kind=EntryKind.SALE,
                source_id__in=list(original_share.values()))
        }
        wanted = {share.pk for share in shares}
        drafts = []
        for sale_shares in by_sale.values():
            sale = sale_shares[0].sale
            day = sale.sold_on
            note = f"{sale.pk} · {getattr(sale, 'reference', '')}"[:300]
            if sale.reversal_of_id:
                for share in sale_shares:
                    original = entries.get(original_share.get(
                        (sale.reversal_of_id, share.household_id, share.artisan_id)))
                    if share.pk not in wanted or original is None:
                        continue
                    drafts.append(EntryDraft(
                        household_id=share.household_id, artisan_id=share.artisan_id,
                        kind=EntryKind.REVERSAL,
                        amount_fen=reversal_fen(
                            original_income_fen=to_fen(original.amount),
                            original_volume_fen=to_fen(original.sales_volume),
                            reversed_volume_fen=abs(to_fen(share.amount))),
                        sales_volume_fen=-abs(to_fen(share.amount)), entry_date=day,
                        source_type_id=source_type, source_id=share.pk,
                        reverses_id=original.pk, note=note,
                    ))
                continue
            gross = sum(to_fen(s.amount) for s in sale_shares)
            pool = makers_pool_fen(gross, self._material_fen(sale), charters.in_force(day))
            weights = {(s.household.code, s.pk): to_fen(s.amount) for s in sale_shares}
            parts = (allocate(pool, weights) if any(weights.values())
                     else dict.fromkeys(weights, 0))
            for share in sale_shares:
                if share.pk in wanted:
                    drafts.append(EntryDraft(
                        household_id=share.household_id, artisan_id=share.artisan_id,
                        kind=EntryKind.SALE, amount_fen=parts[(share.household.code, share.pk)],
                        sales_volume_fen=to_fen(share.amount), entry_date=day,
                        source_type_id=source_type, source_id=share.pk, note=note,
                    ))
        return drafts


class CommissionSettlementSource(SourceAdapter):
    """A household's (artisan's) line of a commission settlement → labour income (the labour
    pool was split by points in commissions, with `core.money.allocate`)."""

    name = "commissions.settlement"
    label = _("Commission settlements")
    app_label = "commissions"
    model_label = "commissions.SettlementLine"
    kinds = (EntryKind.LABOUR,)
    order = 40
    DATE_FIELDS = ("settled_on", "settled_at", "created_at")

    def _date_field(self) -> str:
        settlement = apps.get_model("commissions.Settlement")
        names = {field.name for field in settlement._meta.get_fields()}
        return next(name for name in self.DATE_FIELDS if name in names)

    def dated_since(self, queryset, since):
        field = self._date_field()
        value = since if field.endswith("_on") else _start_of(since)
        return queryset.filter(**{f"settlement__{field}__gte": value})

    def drafts(self, records, *, charters):
        source_type = self.content_type().pk
        drafts = []
        for line in (self.model.objects.filter(pk__in=[r.pk for r in records])
                     .select_related("settlement")):
            amount = to_fen(line.amount)
            if amount <= 0:
                continue
            day = _day_of(_first_attribute(line.settlement, self.DATE_FIELDS))
            drafts.append(EntryDraft(
                household_id=line.household_id, artisan_id=line.artisan_id,
                kind=EntryKind.LABOUR, amount_fen=amount, labour_volume_fen=amount,
                entry_date=day, source_type_id=source_type, source_id=line.pk,
                note=f"{line.settlement} · {line.points}"[:300],
            ))
        return drafts


SOURCES: dict[str, SourceAdapter] = {}


def register_source(adapter: SourceAdapter) -> SourceAdapter:
    SOURCES[adapter.name] = adapter
    return adapter


for _adapter in (OrderSaleSource(), OrderRefundSource(), OnsiteSaleSource(),
                 CommissionSettlementSource()):
    register_source(_adapter)


def active_sources() -> list[SourceAdapter]:
    return sorted((a for a in SOURCES.values() if a.is_active()), key=lambda a: a.order)
