from django.urls import path

from commissions import views

app_name = "commissions"

urlpatterns = [
    path("commissions/request/", views.request_form, name="request"),
    path("commissions/request/sent/", views.request_done, name="request_done"),
    path("commissions/track/<str:token>/", views.track, name="track"),
    path("commissions/track/<str:token>/accept/", views.quote_accept, name="quote_accept"),
    path("commissions/track/<str:token>/revision/", views.quote_revision,
         name="quote_revision"),
    path("commissions/track/<str:token>/quote/v<int:version>/", views.quote_print,
         name="quote_print"),
    path("commissions/track/<str:token>/pay/<int:milestone>/", views.pay, name="pay"),
]
