"""What one login's password check costs: Django's default PBKDF2 against our Argon2id.

Run: .venv/bin/python bench/password_hash.py   (prints CPU and wall milliseconds per hash, medians
of 15; docs/performance.md has the figures of our 2-core machine)
"""

import os
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher  # noqa: E402

from config.hashers import KringArgon2PasswordHasher  # noqa: E402


def measure(hasher, rounds: int = 15) -> tuple[float, float]:
    encoded = hasher.encode("kring-demo", hasher.salt())
    cpu, wall = [], []
    for _ in range(rounds):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        hasher.verify("kring-demo", encoded)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


if __name__ == "__main__":
    for label, hasher in [
        ("PBKDF2 (Django default)", PBKDF2PasswordHasher()),
        ("Argon2 (Django default parameters)", Argon2PasswordHasher()),
        ("Argon2id (Kring: 46 MiB, t=2, p=1)", KringArgon2PasswordHasher()),
    ]:
        cpu, wall = measure(hasher, rounds=5 if "PBKDF2" in label else 15)
        print(f"{label:40} cpu {cpu:7.1f} ms   wall {wall:7.1f} ms")
