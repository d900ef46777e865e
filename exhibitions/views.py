"""The public sub-pages of an exhibition: registering for a session, the confirmation page
with its cancel button, and the calendar files. Thin: parse, call a service or selector,
render."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from icalendar import Calendar, Event, vText
from wagtail.models import Locale

from core.http import absolute_page_url
from core.ratelimit import client_ip, rate_limit
from core.widgets import NumberInput, Select, TextInput
from exhibitions import selectors, services
from exhibitions.models import SHANGHAI, ExhibitionIndexPage, ExhibitionPage, Registration

# Registration attempts per client address in a window (core.ratelimit: counted in the
# shared cache, so several app servers share one count).
RATE_LIMIT_ATTEMPTS = 10
RATE_LIMIT_WINDOW = 600


def too_many_attempts(request, scope: str) -> bool:
    return not rate_limit(request, f"{scope}:ip:{client_ip(request)}", RATE_LIMIT_ATTEMPTS,
                          RATE_LIMIT_WINDOW)


class RegistrationForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int, widget=Select)
    name = forms.CharField(label=_("Name"), max_length=40,
                           widget=TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel",
                                "placeholder": "13812345678"}),
    )
    party_size = forms.IntegerField(
        label=_("Number of people"), initial=1,
        widget=NumberInput(attrs={"min": 1, "max": services.MAX_PARTY_SIZE}),
    )
    # Honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this empty"), required=False,
                              widget=TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (place.session.pk, _("%(session)s · %(left)d places left")
             % {"session": place.session, "left": place.left})
            for place in places if place.is_open()
        ]


@require_http_methods(["GET", "POST"])
@ExhibitionPage.route_view("register")
def register(request, *, page: ExhibitionPage):
    details = selectors.exhibition_details(page)
    form = RegistrationForm(request.POST or None, places=details["sessions"])
    if request.method == "POST" and details["registration_possible"]:
        if too_many_attempts(request, "exhibition-registration"):
            form.add_error(None, _("Too many attempts from your connection. Please try again "
                                   "in ten minutes."))
        elif form.is_valid() and form.cleaned_data["website"]:
            form.add_error(None, _("Your registration could not be taken."))
        elif form.is_valid():
            try:
                registration = services.registration_create(
                    page=page, session_id=form.cleaned_data["session"],
                    name=form.cleaned_data["name"], phone=form.cleaned_data["phone"],
                    party_size=form.cleaned_data["party_size"], language=get_language(),
                )
            except services.RegistrationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error))
            else:
                return redirect(page.url + page.reverse_subpage(
                    "registration", args=[registration.token]))
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "exhibitions/register.html",
                            {"page": page, "self": page, "form": form, **details}, status=status)


@require_http_methods(["GET", "POST"])
@ExhibitionPage.route_view("registration")
def registration(request, *, page: ExhibitionPage, token: str):
    found = (Registration.objects.select_related("session", "session__page")
             .filter(token=token, session__page__translation_key=page.translation_key).first())
    if found is None:
        return TemplateResponse(request, "exhibitions/registration_missing.html",
                                {"page": page, "self": page}, status=404)
    error = None
    if request.method == "POST":
        try:
            found = services.registration_cancel(token=token)
        except services.RegistrationError as refusal:
            error = str(refusal)
    return TemplateResponse(request, "exhibitions/registration.html", {
        "page": page, "self": page, "registration": found, "error": error,
        "can_cancel": found.cancelled_at is None and found.session.starts_at > timezone.now(),
    }, status=400 if error else 200)


# Calendars -----------------------------------------------------------------------------------

def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Tianxing Plant Weaving//exhibitions//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    return calendar


def _add_events(calendar: Calendar, request, page: ExhibitionPage, sessions) -> None:
    stamp = page.last_published_at or page.first_published_at or timezone.now()
    location = "，".join(part for part in (page.venue, page.address) if part)
    for session in sessions:
        event = Event()
        # Stable across requests and languages: the Chinese page's session.
        event.add("uid", f"exhibition-{page.translation_key}-session-{session.pk}@tianxing")
        event.add("summary", f"{page.title} · {session.label}" if session.label else page.title)
        event.add("dtstart", timezone.localtime(session.starts_at, SHANGHAI))
        event.add("dtend", timezone.localtime(session.ends_at, SHANGHAI))
        event.add("dtstamp", stamp)
        event.add("location", vText(location))
        event.add("url", absolute_page_url(request, page))
        if page.summary:
            event.add("description", page.summary)
        calendar.add_component(event)


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@ExhibitionPage.route_view("calendar")
def exhibition_calendar(request, *, page: ExhibitionPage):
    """One event per session, in Asia/Shanghai time."""
    calendar = _calendar(page.title)
    sessions = page.booking_page.sessions.order_by("starts_at", "pk")
    _add_events(calendar, request, page, sessions)
    return _ics_response(calendar, f"{page.slug}.ics")


def calendar_feed(request):
    """/exhibitions/calendar.ics: the subscribable feed of upcoming exhibitions (every
    session), in the request's language."""
    index_page = (ExhibitionIndexPage.objects.live()
                  .filter(locale=Locale.get_active()).first())
    if index_page is None:
        raise Http404
    calendar = _calendar(index_page.title)
    pages = list(selectors.live_exhibitions(locale=index_page.locale)
                 .child_of(index_page)
                 .filter(ends_on__gte=selectors.shanghai_today())
                 .order_by("starts_on", "pk"))
    originals = {
        page.translation_key: page
        for page in ExhibitionPage.objects.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale=Locale.get_default(),
        ).defer_streamfields().prefetch_related("sessions")
    }
    for page in pages:
        original = originals.get(page.translation_key, page)
        sessions = sorted(original.sessions.all(), key=lambda s: (s.starts_at, s.pk))
        _add_events(calendar, request, page, sessions)
    return _ics_response(calendar, "exhibitions.ics")
