"""``manage.py send_system_update --title ... --message ...``: a staff notice to every user.

Creates one ``system_update`` notification per active user (or per ``--email`` given). The
dedup key is ``system:<--key>`` (default: a hash of title and message), so running the same
announcement twice, or resuming one that was interrupted, reaches nobody twice.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from library.models import NotificationType, UserNotification
from library.notifications import create_deduplicated

logger = logging.getLogger("cinemate.library.jobs")
BATCH = 1000
TITLE_MAX = 200


class Command(BaseCommand):
    help = "Send a system_update notification to all active users (or to --email ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--title", required=True, help="Notification title (<= 200 chars).")
        parser.add_argument("--message", required=True, help="Notification text.")
        parser.add_argument("--image", default=None, help="Optional image URL.")
        parser.add_argument(
            "--key",
            default=None,
            help="Announcement id for de-duplication (default: hash of title and message).",
        )
        parser.add_argument(
            "--email", action="append", default=[], help="Only this user (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        title, message = options["title"].strip(), options["message"].strip()
        if not title or not message:
            raise CommandError("--title and --message must not be empty")
        if len(title) > TITLE_MAX:
            raise CommandError(f"--title is at most {TITLE_MAX} characters")
        key = options["key"] or hashlib.sha256(f"{title}\n{message}".encode()).hexdigest()[:24]
        dedup_key = f"system:{key}"[:200]
        users = User.objects.filter(is_active=True).order_by("id")
        if options["email"]:
            users = users.filter(email__in=[e.strip().lower() for e in options["email"]])
        ids = list(users.values_list("id", flat=True))
        created = 0
        for start in range(0, len(ids), BATCH):
            created += create_deduplicated(
                [
                    UserNotification(
                        user_id=user_id,
                        type=NotificationType.SYSTEM_UPDATE,
                        title=title,
                        message=message,
                        image=options["image"],
                        dedup_key=dedup_key,
                    )
                    for user_id in ids[start : start + BATCH]
                ]
            )
            logger.info(
                "send_system_update: %d/%d users done", min(start + BATCH, len(ids)), len(ids)
            )
        summary = f"users={len(ids)} notifications={created} key={dedup_key}"
        logger.info("send_system_update done: %s", summary)
        self.stdout.write(f"send_system_update: {summary}")
