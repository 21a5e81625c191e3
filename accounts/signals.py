"""Keep the blacklist guard's cached answers in step with staff edits in the admin.

The admin saves synchronously, so these receivers use Django's cache API, which deletes the same
keys the async guard reads (core.redis_async.make_key follows Django's key scheme).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.blacklist import blocked_key
from accounts.models import IpBlacklist


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
