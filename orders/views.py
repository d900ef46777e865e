"""The buyer's side of the shop: cart, checkout, payment page, tracking, finding an order.
Paying by card goes through the payments app (its card form and endpoint); an order becomes
paid by card only through Stripe's webhook (payments.webhooks)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.http import same_origin_post
from core.money import to_fen
from core.ratelimit import client_ip, rate_limit, too_many_requests
from orders import selectors, services
from orders.cart import Cart, parse_quantity
from orders.forms import CheckoutForm, FindOrderForm, normalise_phone
from orders.models import Order, OrderStatus
from orders.services.shipping import REMOTE_PROVINCES
from payments.models import PaymentProvider
from payments.providers import stripe as stripe_provider

logger = logging.getLogger(__name__)

# Rate limits (#11.1, #11.3), counted in the shared cache: (requests, seconds).
CHECKOUTS_PER_CLIENT = (10, 3600)
CHECKOUTS_PER_PHONE = (5, 24 * 3600)
CHECKOUTS_PER_EMAIL = (5, 24 * 3600)
FINDS_PER_CLIENT = (30, 3600)
FINDS_PER_CONTACT = (10, 3600)
FINDS_PER_NUMBER = (10, 3600)


def _lines_with_notices(request, cart):
    """The cart's lines; a work no longer for sale has left the cart, and the buyer is told."""
    lines = cart.lines()
    for title in cart.dropped:
        messages.warning(request, _("“%(title)s” is no longer for sale and was taken out of "
                                    "your cart.") % {"title": title or _("A work")})
    return lines


def _safe_next(request, fallback: str) -> str:

    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@same_origin_post
@require_POST
def cart_add(request):
    cart = Cart(request.session)
    try:
        quantity = parse_quantity(request.POST.get("quantity", "1"))
        product = cart.add(request.POST.get("product_id"), quantity)
    except services.OrderError as exc:
        messages.error(request, exc.message)
        return redirect(_safe_next(request, reverse("orders:cart")))
    messages.success(request, _("Added “%(title)s” to your cart.")
                     % {"title": product.localized.title})
    return redirect(reverse("orders:cart"))


@require_POST
def cart_update(request):
    cart = Cart(request.session)
    product_id = request.POST.get("product_id", "")
    try:
        if "remove" in request.POST:
            cart.remove(product_id)
            messages.success(request, _("Removed from your cart."))
        else:
            cart.set(product_id, parse_quantity(request.POST.get("quantity")))
            messages.success(request, _("Cart updated."))
    except services.OrderError as exc:
        messages.error(request, exc.message)
    return redirect("orders:cart")


@require_GET
def cart_view(request):
    cart = Cart(request.session)
    lines = _lines_with_notices(request, cart)
    subtotal = sum((line.line_total for line in lines), start=0)
    return render(request, "orders/cart.html", {
        "lines": lines, "subtotal": subtotal,
        "has_living": any(not line.product.ships_nationwide for line in lines),
    })


def checkout(request):
    cart = Cart(request.session)
    lines = _lines_with_notices(request, cart)
    if not lines:
        if request.method == "POST":
            messages.error(request, _("Your cart is empty: add a work before checking out."))
            return render(request, "orders/cart.html", {"lines": [], "subtotal": 0}, status=400)
        messages.info(request, _("Your cart is empty: add a work before checking out."))
        return redirect("orders:cart")
    language = get_language()
    form = CheckoutForm(
        request.POST or None, language=language,
        online_methods=stripe_provider.payment_method_types() if stripe_provider.is_configured()
        else [],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _checkout_allowed(request, data):
            return too_many_requests(request)
        buyer = services.Buyer(
            name=data["name"], phone=data["phone"], email=data["email"],
            province=data["province"], city=data["city"], district=data["district"],
            address_detail=data["address_detail"], note=data["note"],
        )
        try:
            order = services.order_place(
                items=cart.items(), buyer=buyer, delivery_method=data["delivery_method"],
                payment_provider=data["payment_provider"], language=language,
                user=request.user,
            )
        except services.OrderError as exc:
            form.add_error(None, exc.message)
        else:
            cart.clear()
            try:
                services.order_payment_start(order=order)
            except Exception:  # the pay page offers another attempt
                logger.exception("could not start payment for %s", order.number)
            return redirect("orders:pay", token=order.token)
    subtotal = sum((line.line_total for line in lines), start=0)
    has_living = any(not line.product.ships_nationwide for line in lines)
    rules = selectors.shipping_rules(subtotal_fen=to_fen(subtotal), has_living=has_living)
    chosen = form["delivery_method"].value()
    if not any(r["method"] == chosen and r["allowed"] for r in rules):
        chosen = next((r["method"] for r in rules if r["allowed"]), "")
    return render(request, "orders/checkout.html", {
        "form": form, "lines": lines, "subtotal": subtotal, "has_living": has_living,
        "shipping_rules": rules, "chosen_delivery": chosen,
        "remote_provinces": sorted(REMOTE_PROVINCES),
        **selectors.checkout_summary(subtotal_fen=to_fen(subtotal), has_living=has_living,
                                     delivery_method=chosen,
                                     province=form["province"].value() or ""),
    }, status=400 if request.method == "POST" else 200)


def _checkout_allowed(request, data) -> bool:
    """Each placed order counts against the client's address, the phone and the e-mail."""
    checks = [(f"checkout:ip:{client_ip(request)}", CHECKOUTS_PER_CLIENT),
              (f"checkout:phone:{data['phone']}", CHECKOUTS_PER_PHONE)]
    if data.get("email"):
        checks.append((f"checkout:email:{data['email'].lower()}", CHECKOUTS_PER_EMAIL))
    return all([rate_limit(request, key, *limit) for key, limit in checks])


def _order_by_token(token: str) -> Order:
    if not token or len(token) < 20:
        raise Http404
    return get_object_or_404(Order, token=token)


@never_cache
def pay(request, token):
    order = _order_by_token(token)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return redirect(order.get_absolute_url())
    if selectors.order_payment_state(order=order)["confirming"]:
        return redirect(order.get_absolute_url())  # paid in the browser: never pay twice
    payment = None
    error = ""
    if order.payment_provider == PaymentProvider.STRIPE:
        try:
            payment = services.order_payment_start(order=order)
        except Exception:
            logger.exception("could not start payment for %s", order.number)
            error = _("The payment service did not answer. Please reload this page in a minute.")
    return render(request, "orders/pay.html", {"order": order, "payment": payment,
                                               "error": error})


@never_cache  # it refreshes itself while a payment is confirmed: always the current state
@require_GET
def track(request, token):
    order = _order_by_token(token)
    return render(request, "orders/track.html", selectors.order_tracking(
        order=order, returned_from_payment=bool(request.GET.get("paid"))))


def find(request):
    form = FindOrderForm(request.POST or None)
    if request.method == "POST" and not rate_limit(
            request, f"find:ip:{client_ip(request)}", *FINDS_PER_CLIENT):
        return too_many_requests(request)
    if request.method == "POST" and form.is_valid():
        # Guessing numbers for one phone, or phones for one number, is slowed down (#11.3).
        number = form.cleaned_data["number"].strip().upper()
        contact = normalise_phone(form.cleaned_data["contact"]).lower()
        if not all([rate_limit(request, f"find:number:{number}", *FINDS_PER_NUMBER),
                    rate_limit(request, f"find:contact:{contact}", *FINDS_PER_CONTACT)]):
            return too_many_requests(request)
        order = form.find()
        if order is not None:
            return redirect(order.get_absolute_url())
        form.add_error(None, _("No order matches that number and phone or email."))
    return render(request, "orders/find.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
