"""The cast, as in the house style: alice and bob (members), carol (president) of one chapter,
dave (member of another chapter in the same region), larry (lapsed member), rita (region admin),
oscar (admin of another region) and admin (superuser)."""

import os
from dataclasses import dataclass

import pytest

from chapters.models import Chapter
from members.models import Membership, User
from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    chapter: Chapter
    other_chapter: Chapter
    far_chapter: Chapter
    alice: User
    bob: User
    carol: User
    dave: User
    larry: User
    rita: User
    oscar: User
    admin: User


@pytest.fixture
def world(db) -> World:
    region = factories.make_region("Midden")
    far_region = factories.make_region("Noord")
    chapter = factories.make_chapter(region, "Domstad")
    other_chapter = factories.make_chapter(region, "Eemland")
    far_chapter = factories.make_chapter(far_region, "Groningen")
    carol = factories.make_member(chapter, "Carol", company="Carol Accountancy")
    factories.give_role(carol, chapter, "president")
    return World(
        chapter=chapter,
        other_chapter=other_chapter,
        far_chapter=far_chapter,
        alice=factories.make_member(chapter, "Alice", company="Alice Fotografie"),
        bob=factories.make_member(chapter, "Bob", company="Bob Installatietechniek"),
        carol=carol,
        dave=factories.make_member(other_chapter, "Dave", company="Dave Drukkerij"),
        larry=factories.make_member(chapter, "Larry", status=Membership.Status.LAPSED),
        rita=factories.make_region_admin(region, "Rita"),
        oscar=factories.make_region_admin(far_region, "Oscar"),
        admin=User.objects.create_superuser(
            "admin@example.nl", factories.PASSWORD, first_name="Ad", last_name="Min"
        ),
    )


@pytest.fixture
def alice(world):
    return world.alice


@pytest.fixture
def bob(world):
    return world.bob


@pytest.fixture
def carol(world):
    return world.carol


@pytest.fixture
def dave(world):
    return world.dave
