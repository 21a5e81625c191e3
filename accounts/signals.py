"""Keep the blacklist guard's cached answers in step with staff edits in the admin, and count
failed admin logins towards the IP blacklist like failed ``/auth/login`` calls.

The admin saves synchronously, so these receivers use Django's cache API, which deletes the same
keys the async guard reads (core.redis_async.make_key follows Django's key scheme).
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.blacklist import blocked_key, record_failure
from accounts.guards import ADMIN_LOGIN_PATH
from accounts.models import IpBlacklist
from core.client_ip import client_ip


@receiver(pre_save, sender=IpBlacklist, dispatch_uid="ip_blacklist_remember_old_ip")
def _remember_old_ip(sender: type[IpBlacklist], instance: IpBlacklist, **kwargs: Any) -> None:
    """An edit may change the address: the old one's cached "blocked" must go too."""
    if instance._state.adding or kwargs.get("raw"):
        return
    instance._previous_ip = (  # type: ignore[attr-defined]
        IpBlacklist.objects.filter(pk=instance.pk).values_list("ip_address", flat=True).first()
    )


@receiver(post_save, sender=IpBlacklist, dispatch_uid="ip_blacklist_saved")
@receiver(post_delete, sender=IpBlacklist, dispatch_uid="ip_blacklist_deleted")
def _forget_cached_block(sender: type[IpBlacklist], instance: IpBlacklist, **kwargs: Any) -> None:
    ips = {instance.ip_address, getattr(instance, "_previous_ip", None)}
    cache.delete_many([blocked_key(ip) for ip in ips if ip])


@receiver(user_login_failed, dispatch_uid="admin_login_failure_counts")
def _count_admin_login_failure(
    sender: Any, credentials: Any, request: Any = None, **kw: Any
) -> None:
    """A wrong staff password is a failed login: the IP blacklist counts it (the API's own login
    counts its failures in accounts.services; it never calls ``authenticate``)."""
    if request is None or request.path != ADMIN_LOGIN_PATH:
        return
    async_to_sync(record_failure)(client_ip(request), "admin login")
