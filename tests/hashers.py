"""Argon2 with minimal cost for tests: same algorithm and code path, milliseconds not 100 ms."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 1
    memory_cost = 64
    parallelism = 1
