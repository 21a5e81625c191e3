"""Staff tools: every model is in the admin (session auth works under /admin/ only), and staff
can send a system update to all users."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from accounts.models import User
from library.models import UserNotification

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"accounts", "catalog", "library"}


@pytest.fixture
def staff_client() -> Client:
    User.objects.create_superuser("staff@example.com", "staff-password-123", name="Staff")
    client = Client()
    assert client.login(email="staff@example.com", password="staff-password-123")
    return client


def test_every_domain_model_has_a_working_admin_page(staff_client: Client) -> None:
    models = [m for m in apps.get_models() if m._meta.app_label in DOMAIN_APPS]
    assert len(models) >= 10
    for model in models:
        assert admin.site.is_registered(model), model
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_admin_requires_a_staff_login() -> None:
    response = Client().get("/admin/library/usernotification/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_send_a_system_update_to_every_user_once(staff_client: Client) -> None:
    for n in range(3):
        User.objects.create_user(f"u{n}@example.com", "pw-123456789", name=f"U{n}")
    User.objects.create_user("gone@example.com", "pw-123456789", name="Gone", is_active=False)
    form = {"title": "Scheduled maintenance", "message": "Down at 02:00 UTC for 10 minutes."}
    response = staff_client.post("/admin/library/usernotification/send-system-update/", form)
    assert response.status_code == 302
    sent = UserNotification.objects.filter(type="system_update")
    assert sent.count() == 4  # three users and the staff member; not the inactive account
    assert set(sent.values_list("title", flat=True)) == {"Scheduled maintenance"}
    staff_client.post("/admin/library/usernotification/send-system-update/", form)
    assert sent.count() == 4  # the same announcement again reaches nobody twice
