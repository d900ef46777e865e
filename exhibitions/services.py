"""Every state change of the exhibitions app: registering for a session (capacity held with a
row lock on the session), cancelling, checking in at the door, recording an on-site sale
(split among the makers' households exactly to the fen, stock taken with a conditional
UPDATE), reversing one, and importing a file of them.

Each function takes keyword-only arguments and runs in one transaction; the public views, the
admin desk, the import command and the demo loader all come through here."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import WorkflowPage

from artisans.imports import read_table
from artisans.models import ArtisanPage
from artisans.services import ImportAborted, ImportReport, committee_approval_workflow
from catalogue.models import ProductPage, StockRecord
from catalogue.services import product_record_sale
from core.money import allocate, from_fen, to_fen
from exhibitions.imports import SALE_COLUMNS, SaleRowParser, parse_amount
from exhibitions.models import (
    ExhibitionIndexPage,
    ExhibitionPage,
    ExhibitionSession,
    OnsiteSale,
    OnsiteSaleShare,
    PaymentMeans,
    Registration,
    shanghai_today,
)
from exhibitions.signals import onsite_sale_recorded, onsite_sales_recorded

MOBILE_PHONE = re.compile(r"^1[3-9]\d{9}$")
MAX_PARTY_SIZE = 10


class ExhibitionError(Exception):
    """A rule refused the change; the message is shown to the person as it is."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field

    def __str__(self) -> str:
        return str(self.message)


class RegistrationError(ExhibitionError):
    pass


class SaleError(ExhibitionError):
    pass


def normalise_phone(phone: str) -> str:
    """Mainland mobile numbers as typed on a phone: spaces, dashes and +86 are dropped."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


# Registrations -------------------------------------------------------------------------------

def registration_create(*, page: ExhibitionPage, session_id: int, name: str, phone: str,
                        party_size: int, language: str = "zh-hans", now=None) -> Registration:
    """Book `party_size` places in one session. The session's row is locked while its places
    are counted, so registrations arriving together can never overbook it."""
    now = now or timezone.now()
    booking = page.booking_page
    if not (page.live and booking.live):
        raise RegistrationError(_("This exhibition is not published."))
    if not booking.registration_open:
        raise RegistrationError(_("This exhibition does not take registrations online."))
    if booking.is_past(now):
        raise RegistrationError(_("This exhibition is over."))
    name = (name or "").strip()
    if not name or len(name) > 40:
        raise RegistrationError(_("Enter your name (at most 40 characters)."), "name")
    phone = normalise_phone(phone)
    if not MOBILE_PHONE.match(phone):
        raise RegistrationError(
            _("Enter a mainland mobile number: 11 digits starting with 1, e.g. 13812345678."),
            "phone")
    if (not isinstance(party_size, int) or isinstance(party_size, bool)
            or not 1 <= party_size <= MAX_PARTY_SIZE):
        raise RegistrationError(
            _("The party must be between 1 and %(max)d people.") % {"max": MAX_PARTY_SIZE},
            "party_size")
    with transaction.atomic():
        session = (ExhibitionSession.objects.select_for_update()
                   .filter(pk=session_id, page=booking).first())
        if session is None:
            raise RegistrationError(_("Choose one of this exhibition's sessions."), "session")
        if session.starts_at <= now:
            raise RegistrationError(
                _("This session has started; registration for it is closed."), "session")
        active = Registration.objects.filter(session=session, cancelled_at__isnull=True)
        taken = active.aggregate(n=Sum("party_size"))["n"] or 0
        left = session.capacity - taken
        if left <= 0:
            raise RegistrationError(_("This session is full."), "session")
        if party_size > left:
            raise RegistrationError(
                _("Only %(left)d places are left in this session.") % {"left": left},
                "party_size")
        if active.filter(phone=phone).exists():
            raise RegistrationError(
                _("This phone number is already registered for this session."), "phone")
        return Registration.objects.create(
            session=session, name=name, phone=phone, party_size=party_size,
            token=secrets.token_urlsafe(32), language=language, created_at=now,
        )


def registration_cancel(*, token: str, now=None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        registration = (Registration.objects.select_for_update().select_related("session")
                        .filter(token=token).first())
        if registration is None:
            raise RegistrationError(_("This registration link is not valid."))
        if registration.cancelled_at is None:
            if registration.session.starts_at <= now:
                raise RegistrationError(_("The session has started and can no longer be "
                                          "cancelled online."))
            registration.cancelled_at = now
            registration.save(update_fields=["cancelled_at"])
        return registration


def registration_check_in(*, registration_id: int, user, now=None) -> Registration:
    """Check a registration in at the door (once; a second tap changes nothing)."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().filter(
            pk=registration_id).first()
        if registration is None:
            raise RegistrationError(_("No such registration."))
        if registration.cancelled_at is not None:
            raise RegistrationError(_("This registration was cancelled."))
        if registration.checked_in_at is None:
            registration.checked_in_at = now or timezone.now()
            registration.checked_in_by = user
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
        return registration


# On-site sales -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Maker:
    artisan: ArtisanPage
    weight: Decimal


def makers_of(*, product: ProductPage | None, artisan: ArtisanPage | None) -> list[Maker]:
    """Who shares a sale: a shop work's makers by their declared shares; otherwise the one
    artisan named. An artisan named with a shop work must be one of its makers."""
    if product is not None:
        makers = [Maker(maker.artisan, maker.share) for maker in product.makers.all()]
        if not makers:
            raise SaleError(_("The work “%(title)s” has no makers.") % {"title": product.title})
        if artisan is not None and artisan.pk not in {m.artisan.pk for m in makers}:
            raise SaleError(_("%(artisan)s is not one of the makers of “%(title)s”.")
                            % {"artisan": artisan.title, "title": product.title}, "artisan")
        return makers
    if artisan is None:
        raise SaleError(_("Choose the work sold or the artisan who made it."), "artisan")
    return [Maker(artisan, Decimal(1))]


def split_shares(sale: OnsiteSale, makers: list[Maker]) -> list[OnsiteSaleShare]:
    """The sale's amount among its makers' households, exactly to the fen (largest remainder,
    ties to the lower household code); two makers of one household stay two rows."""
    if len(makers) == 1:  # the common case at a stand: the whole amount, no arithmetic
        maker = makers[0]
        return [OnsiteSaleShare(sale=sale, household_id=maker.artisan.household_id,
                                artisan=maker.artisan, amount=sale.amount)]
    weights = {(maker.artisan.household.code, maker.artisan.pk, n): maker.weight
               for n, maker in enumerate(makers)}
    parts = allocate(to_fen(sale.amount), weights)
    return [
        OnsiteSaleShare(sale=sale, household_id=maker.artisan.household_id,
                        artisan=maker.artisan, amount=from_fen(parts[key]))
        for key, maker in zip(weights, makers, strict=True)
    ]


def clean_amount(value) -> Decimal:
    try:
        return parse_amount(value)
    except ValidationError as error:
        raise SaleError(error.messages[0], "amount") from error


def take_pieces(*, product: ProductPage, pieces: int) -> None:
    """Take sold pieces from the work's shared stock with one conditional UPDATE (as orders
    do), and count them for the shop's popularity sort. Made-to-order works keep no stock."""
    if product.made_to_order:
        product_record_sale(product_id=product.pk, quantity=pieces)
        return
    taken = StockRecord.objects.filter(
        product__translation_key=product.translation_key, quantity__gte=pieces,
    ).update(quantity=F("quantity") - pieces, units_sold=F("units_sold") + pieces)
    if not taken:
        raise SaleError(
            _("The shop has no piece of “%(title)s” left in stock; correct the stock first.")
            % {"title": product.title}, "product")


def onsite_sale_record(*, sold_on: date, amount, reference: str, payment_means: str,
                       product: ProductPage | None = None, artisan: ArtisanPage | None = None,
                       exhibition: ExhibitionPage | None = None, description: str = "",
                       user=None, now=None) -> OnsiteSale:
    """Record one piece sold on site: the shares of its makers' households are stored with
    it, a shop work's stock goes down by one, and `onsite_sale_recorded` is sent."""
    amount = clean_amount(amount)
    reference = (reference or "").strip()
    if not reference:
        raise SaleError(_("Enter the receipt reference."), "reference")
    if payment_means not in PaymentMeans.values:
        raise SaleError(_("Choose the means of payment."), "payment_means")
    if sold_on > shanghai_today(now):
        raise SaleError(_("The date of a sale cannot be in the future."), "sold_on")
    makers = makers_of(product=product, artisan=artisan)
    if OnsiteSale.objects.filter(reference=reference).exists():
        raise SaleError(_("The receipt reference %(reference)s is already recorded.")
                        % {"reference": reference}, "reference")
    try:
        with transaction.atomic():
            if product is not None:
                take_pieces(product=product, pieces=1)
            sale = OnsiteSale.objects.create(
                sold_on=sold_on, amount=amount, reference=reference,
                payment_means=payment_means, product=product, exhibition=exhibition,
                description=description.strip(), recorded_by=user,
                recorded_at=now or timezone.now(),
            )
            OnsiteSaleShare.objects.bulk_create(split_shares(sale, makers))
            onsite_sale_recorded.send(sender=OnsiteSale, sale=sale)
    except IntegrityError as error:  # the same reference recorded a moment ago
        raise SaleError(_("The receipt reference %(reference)s is already recorded.")
                        % {"reference": reference}, "reference") from error
    return sale


def onsite_sale_reverse(*, sale: OnsiteSale, user=None, reason: str = "", now=None
                        ) -> OnsiteSale:
    """Cancel a recorded sale with a reversal row: the negative amount, mirror shares, the
    piece back in stock. The original is never edited; a sale is reversed at most once."""
    now = now or timezone.now()
    with transaction.atomic():
        original = OnsiteSale.objects.select_for_update().get(pk=sale.pk)
        if original.reversal_of_id is not None:
            raise SaleError(_("A reversal cannot itself be reversed."))
        if OnsiteSale.objects.filter(reversal_of=original).exists():
            raise SaleError(_("This sale has already been reversed."))
        reversal = OnsiteSale.objects.create(
            sold_on=shanghai_today(now), amount=-original.amount,
            reference=f"{original.reference}-R", payment_means=original.payment_means,
            product=original.product, exhibition=original.exhibition,
            description=reason.strip() or _("Reversal of %(reference)s")
            % {"reference": original.reference},
            recorded_by=user, recorded_at=now, reversal_of=original,
        )
        OnsiteSaleShare.objects.bulk_create([
            OnsiteSaleShare(sale=reversal, household_id=share.household_id,
                            artisan_id=share.artisan_id, amount=-share.amount)
            for share in original.shares.all()
        ])
        if original.product is not None:
            stock = StockRecord.objects.filter(
                product__translation_key=original.product.translation_key)
            if not original.product.made_to_order:
                stock.update(quantity=F("quantity") + 1)
            stock.filter(units_sold__gte=1).update(units_sold=F("units_sold") - 1)
        onsite_sale_recorded.send(sender=OnsiteSale, sale=reversal)
    return reversal


# Importing a file of sales -------------------------------------------------------------------

def onsite_sales_import(*, content: bytes, filename: str, dry_run: bool = False,
                        skip_invalid: bool = False, user=None) -> ImportReport:
    """Record the on-site sales of a CSV/XLSX file (columns `imports.SALE_COLUMNS`, optional
    `product_slug`, `exhibition_slug`, `payment_means`). A reference is recorded only once
    (in the database and in the file); a shop work must have a piece in stock for each row.
    All or nothing unless `skip_invalid`; in bulk, so ten thousand rows take seconds."""
    table = read_table(content, filename, SALE_COLUMNS)
    report = ImportReport()
    artisans = {page.code.upper(): page for page in ArtisanPage.objects.filter(
        locale__language_code="zh-hans").select_related("household")}
    products = {page.slug: page for page in ProductPage.objects.filter(
        locale__language_code="zh-hans").prefetch_related("makers__artisan__household")}
    exhibitions = {page.slug: page for page in ExhibitionPage.objects.filter(
        locale__language_code="zh-hans").defer_streamfields()}
    references = [values.get("reference", "").strip() for _number, values in table.rows]
    recorded = set()
    for start in range(0, len(references), 500):
        recorded.update(OnsiteSale.objects.filter(
            reference__in=references[start:start + 500]).values_list("reference", flat=True))
    stock = dict(StockRecord.objects.filter(
        product__translation_key__in=[p.translation_key for p in products.values()]
    ).values_list("product__translation_key", "quantity"))

    first_row_of: dict[str, int] = {}
    pieces: dict[int, int] = {}
    valid = []
    parser = SaleRowParser(artisans=artisans, products=products, exhibitions=exhibitions)
    for number, values in table.rows:
        data, errors = parser.parse(values)
        if data is None:
            report.errors.append((number, errors))
            continue
        reference = data["reference"].strip()
        if reference in recorded:
            report.errors.append((number, _("The receipt reference %(reference)s is already "
                                            "recorded.") % {"reference": reference}))
            continue
        if reference in first_row_of:
            report.errors.append((number, _("The receipt reference %(reference)s appears twice "
                                            "in the file (first in row %(row)d).")
                                  % {"reference": reference, "row": first_row_of[reference]}))
            continue
        product = data["product_slug"]
        try:
            makers = makers_of(product=product, artisan=data["artisan_code"])
        except SaleError as error:
            report.errors.append((number, error.message))
            continue
        if product is not None and not product.made_to_order:
            wanted = pieces.get(product.pk, 0) + 1
            if wanted > stock.get(product.translation_key, 0):
                report.errors.append((number, _("The shop has no piece of “%(title)s” left in "
                                                "stock.") % {"title": product.title}))
                continue
            pieces[product.pk] = wanted
        first_row_of[reference] = number
        valid.append(PlannedSale(
            sold_on=data["date"], amount=data["amount"], reference=reference,
            payment_means=data["payment_means"], makers=makers, product=product,
            exhibition=data["exhibition_slug"], description=data["description"]))
        report.created.append(reference)
    if report.errors and not skip_invalid:
        report.created = []
        return report
    try:
        with transaction.atomic():
            onsite_sales_record_many(sales=valid, user=user)
            if dry_run:
                raise ImportAborted
    except ImportAborted:
        return report
    report.saved = True
    return report


@dataclass(frozen=True)
class PlannedSale:
    """One checked row of a batch of sales (an import file, the demo)."""

    sold_on: date
    amount: Decimal
    reference: str
    payment_means: str
    makers: list[Maker]
    product: ProductPage | None = None
    exhibition: ExhibitionPage | None = None
    description: str = ""


def onsite_sales_record_many(*, sales: list[PlannedSale], user=None) -> list[OnsiteSale]:
    """Record already-checked sales in bulk: each shop work's stock is taken once for all its
    pieces (a conditional UPDATE; SaleError if a work has too few), the sales and their
    shares are inserted in batches, and `onsite_sales_recorded` is sent once for them all
    (the ledger posts the whole batch in bulk)."""
    now = timezone.now()
    pieces: dict[int, tuple[ProductPage, int]] = {}
    for planned in sales:
        if planned.product is not None:
            product, count = pieces.get(planned.product.pk, (planned.product, 0))
            pieces[product.pk] = (product, count + 1)
    with transaction.atomic():
        for product, count in pieces.values():
            take_pieces(product=product, pieces=count)
        recorded = OnsiteSale.objects.bulk_create([
            OnsiteSale(sold_on=planned.sold_on, amount=planned.amount,
                       reference=planned.reference, payment_means=planned.payment_means,
                       product=planned.product, exhibition=planned.exhibition,
                       description=planned.description, recorded_by=user, recorded_at=now)
            for planned in sales
        ], batch_size=1000)
        shares = []
        for sale, planned in zip(recorded, sales, strict=True):
            shares.extend(split_shares(sale, planned.makers))
        OnsiteSaleShare.objects.bulk_create(shares, batch_size=1000)
        onsite_sales_recorded.send(sender=OnsiteSale, sales=recorded)
    return recorded


# The section ---------------------------------------------------------------------------------

def exhibitions_section_setup(*, index_page: ExhibitionIndexPage) -> None:
    """Exhibition pages go live through the committee's moderation workflow (publishing
    rights on the site come from `core.roles`). Idempotent; for the page's translations too."""
    workflow = committee_approval_workflow()
    for page in [index_page, *index_page.get_translations()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
