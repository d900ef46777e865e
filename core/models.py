"""What the bottom of the project stores: when each scheduled job last ran."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a scheduled job (cron or a django-tasks worker) finished, so that
    `/healthz` and `manage.py check --deploy` can say when one has stopped running."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_run = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.last_run:%Y-%m-%d %H:%M}"
