"""Abstract bases shared by the domain models: uuid keys and the contract's timestamps."""

from __future__ import annotations

import uuid

from django.db import models


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class CreatedAt(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)

    class Meta:
        abstract = True


class TimeStamped(CreatedAt):
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
