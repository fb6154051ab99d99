"""Password hashing: Argon2id with parameters measured on our 2-core machines (bench/password_hash.py).

Django's default PBKDF2 (1.5 million iterations) costs ~860 ms of CPU per login here and holds a
worker that long. Argon2id with 46 MiB, 2 passes, 1 lane costs ~60 ms and is memory-hard, above
OWASP's minimum (19 MiB, 2 passes). Older hashes (PBKDF2, or Argon2 with other parameters) are
re-hashed with these at the member's next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class KringArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 46 * 1024  # KiB
    parallelism = 1
