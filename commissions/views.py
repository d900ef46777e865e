"""The client's side: the request form (honeypot, per-address rate limit, photos checked by
content), its confirmation page, the tracking page with the current quote to accept or send
back, and the printable quote."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commissions import selectors, services
from commissions.forms import AcceptQuoteForm, CommissionRequestForm, RevisionForm
from commissions.models import Commission, CommissionCaseIndexPage, Milestone, Quote
from commissions.ratelimit import client_address, hit
from payments.providers.stripe import is_configured as stripe_is_configured

logger = logging.getLogger(__name__)

SESSION_KEY = "commission_request_token"


def _showcase(request):
    index = CommissionCaseIndexPage.objects.live().filter(
        locale__language_code=get_language()).first()
    return index.get_url(request) if index else None


@require_http_methods(["GET", "POST"])
def request_form(request):
    form = CommissionRequestForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        limit = getattr(settings, "COMMISSION_REQUESTS_PER_HOUR", 5)
        if not hit("commission-request", client_address(request), limit=limit,
                   window_seconds=3600):
            form = CommissionRequestForm(request.POST)  # keep what was typed, not the files
            form.is_valid()
            form.add_error(None, _("Too many requests from your connection in the last hour. "
                                   "Please try again later or call us."))
            status = 429
        elif form.is_robot:
            form.add_error(None, _("Your request could not be sent. Please call us."))
        elif form.is_valid():
            data = form.cleaned_data
            fields = {name: data[name] for name in services.ClientRequest.__dataclass_fields__}
            commission = services.commission_request(
                request=services.ClientRequest(**fields), photos=data["photos"],
                language=get_language(),
            )
            request.session[SESSION_KEY] = commission.token
            return redirect("commissions:request_done")
    return render(request, "commissions/request_form.html",
                  {"form": form, "showcase_url": _showcase(request)}, status=status)


@require_GET
def request_done(request):
    token = request.session.get(SESSION_KEY)
    commission = Commission.objects.filter(token=token).first() if token else None
    if commission is None:
        return redirect("commissions:request")
    return render(request, "commissions/request_done.html", {
        "commission": commission,
        "track_url": request.build_absolute_uri(commission.get_absolute_url()),
    })


def _by_token(token: str) -> Commission:
    if not token or len(token) < 20 or len(token) > 64:
        raise Http404
    return get_object_or_404(Commission, token=token)


def _tracking_context(commission: Commission) -> dict:
    context = selectors.tracking(commission=commission)
    context.update(accept_form=AcceptQuoteForm(), revision_form=RevisionForm(),
                   pay_url_name="commissions:pay")
    return context


@require_GET
def track(request, token):
    commission = _by_token(token)
    return render(request, "commissions/track.html", _tracking_context(commission))


@require_GET
def pay(request, token, milestone):
    """The card form for one milestone (the payments app's include); the milestone turns
    paid when Stripe's signed webhook arrives, never from this page."""
    commission = _by_token(token)
    milestone = get_object_or_404(Milestone, pk=milestone, commission=commission)
    payment, error = None, ""
    if not stripe_is_configured():
        error = _("Card payment is not available at the moment: please pay by bank transfer.")
    else:
        try:
            payment = services.milestone_pay_online(milestone=milestone)
        except services.CommissionError as exc:
            error = exc.message
        except Exception:  # the payment service did not answer; the page offers a retry
            logger.exception("could not start the payment of milestone %s", milestone.pk)
            error = _("The payment service did not answer. Please reload this page in a "
                      "minute.")
    return render(request, "commissions/pay.html", {
        "commission": commission, "milestone": milestone, "payment": payment, "error": error,
        "return_url": commission.get_absolute_url() + "#payments",
    }, status=200 if payment or not error else 409)


def _answer(request, token, form_class, action):
    commission = _by_token(token)
    quote = get_object_or_404(Quote, pk=request.POST.get("quote", 0) or 0, commission=commission)
    form = form_class(request.POST)
    error = None
    if form.is_valid():
        try:
            action(quote, form.cleaned_data)
        except services.CommissionError as exc:
            error = exc.message
        else:
            return redirect(reverse("commissions:track", args=[token]) + "#quote")
    context = _tracking_context(commission)
    context.update(quote_error=error or _("Please fill in the form."))
    context["accept_form" if form_class is AcceptQuoteForm else "revision_form"] = form
    return render(request, "commissions/track.html", context, status=400)


@require_POST
def quote_accept(request, token):
    return _answer(request, token, AcceptQuoteForm,
                   lambda quote, data: services.quote_accept(quote=quote, name=data["name"]))


@require_POST
def quote_revision(request, token):
    return _answer(request, token, RevisionForm,
                   lambda quote, data: services.quote_request_revision(
                       quote=quote, comment=data["comment"]))


@require_GET
def quote_print(request, token, version):
    commission = _by_token(token)
    quote = get_object_or_404(commission.quotes.exclude(status="draft")
                              .prefetch_related("lines"), version=version)
    # The quote is a business document: always in Chinese, under the cooperative's name.
    with translation.override(settings.LANGUAGE_CODE):
        return render(request, "commissions/quote_print.html",
                      {"commission": commission, "quote": quote})
