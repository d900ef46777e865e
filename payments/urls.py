"""The payer's endpoints, under the language prefix (their messages are in the payer's
language). Stripe's webhook is outside it: tianxing/urls.py."""

from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("payments/<str:token>/card/", views.card_confirm, name="card_confirm"),
    path("payments/<str:token>/submitted/", views.submitted, name="submitted"),
]
