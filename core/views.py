"""The admin's password reset, rate-limited: a mail per attempt would let anyone flood a
staff member's inbox or probe which addresses have accounts."""

from wagtail.admin.views.account import PasswordResetView

from core.ratelimit import client_ip, rate_limit, too_many_requests

RESETS_PER_ADDRESS = (10, 3600)
RESETS_PER_EMAIL = (3, 3600)

_password_reset = PasswordResetView.as_view()


def password_reset(request, *args, **kwargs):
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()[:254]
        if not rate_limit(request, f"password-reset:ip:{client_ip(request)}",
                          *RESETS_PER_ADDRESS) or (
            email and not rate_limit(request, f"password-reset:email:{email}",
                                     *RESETS_PER_EMAIL)
        ):
            return too_many_requests(request)
    return _password_reset(request, *args, **kwargs)
