from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_view, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/find/", views.find, name="find"),
    path("orders/<str:token>/", views.track, name="track"),
    path("orders/<str:token>/pay/", views.pay, name="pay"),
]
