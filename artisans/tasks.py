"""Background work for the accountants' imports: a large file is imported by a django-tasks
worker (the immediate backend in development and tests), not inside the web request."""

from django_tasks import task

from artisans import services
from artisans.models import ImportJob


@task()
def import_job_run(job_id: int) -> str:
    """Run the queued import `job_id`; returns its final status."""
    job = ImportJob.objects.get(pk=job_id)
    services.import_job_run(job=job)
    return job.status
