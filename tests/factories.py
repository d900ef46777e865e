"""Factories shared by every app's tests; apps keep their own in tests/<app>/factories.py."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@tianxing.example")
    password = factory.django.Password("password")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "天星村植物编艺"
    hero_heading = "一根藤、一株草"
