import re

from members.models import User
from tests import factories


def _search(client, world, **params) -> str:
    """The profile links in the results (the page also shows the logged-in user's name)."""
    content = client.get(f"/c/{world.chapter.slug}/directory/", params).content.decode()
    return content.split('id="directory-results"', 1)[1]


def _found(user, results: str) -> bool:
    return f"/directory/{user.pk}/" in results


def test_members_find_each_other_by_name_company_classification_and_gains(client, world):
    world.bob.gains_skills = "Warmtepompen en vloerverwarming"
    world.bob.save()
    client.force_login(world.alice)
    assert _found(world.bob, _search(client, world, q="Installatie"))
    assert _found(world.bob, _search(client, world, q="warmtepomp"))
    assert _found(world.bob, _search(client, world, q="bob"))
    assert not _found(world.alice, _search(client, world, q="warmtepomp"))
    classification = world.carol.memberships.get().classification
    assert _found(world.carol, _search(client, world, q=classification.name_nl))


def test_english_and_dutch_word_forms_match(client, world):
    world.bob.gains_networks = "Accountantskantoren in de regio en lawyers"
    world.bob.save()
    client.force_login(world.alice)
    assert _found(world.bob, _search(client, world, knows="accountantskantoor"))
    assert _found(world.bob, _search(client, world, knows="lawyer"))


def test_who_knows_whom_searches_networks_only(client, world):
    world.bob.gains_networks = "Rotary Utrecht, UMC Utrecht"
    world.bob.save()
    world.carol.bio = "Ik werkte bij het UMC"
    world.carol.save()
    client.force_login(world.alice)
    content = _search(client, world, knows="UMC")
    assert _found(world.bob, content)
    assert not _found(world.carol, content)


def test_other_chapters_and_former_members_do_not_appear(client, world):
    client.force_login(world.alice)
    content = _search(client, world, q="User")
    assert not _found(world.dave, content)
    assert not _found(world.larry, content)


def test_a_region_admin_searches_the_whole_region(client, world):
    client.force_login(world.rita)
    content = _search(client, world, q="Dave", region="on")
    assert _found(world.dave, content)
    assert not _found(world.dave, _search(client, world, q="Dave"))


def test_the_directory_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for index in range(30):
        factories.make_member(world.chapter, f"Extra{index}")
    client.force_login(world.alice)
    # session, user, membership, chapter, role capabilities, count, page
    with django_assert_max_num_queries(10):
        response = client.get(f"/c/{world.chapter.slug}/directory/", {"q": "extra"})
    assert response.status_code == 200
    results = response.content.decode().split('id="directory-results"', 1)[1]
    extras = User.objects.filter(first_name__startswith="Extra")
    shown = [user for user in extras if _found(user, results)]
    assert shown, "the search for 'extra' shows none of the 30 Extra members"
    assert len(shown) == 24  # a full first page of results; the other 6 are on the next page
    assert not _found(world.bob, results)


def test_the_profile_page_and_vcard(client, world):
    world.bob.phone = "06-12345678"
    world.bob.offer = "Installaties; onderhoud, storingen"
    world.bob.save()
    client.force_login(world.alice)
    page = client.get(f"/c/{world.chapter.slug}/directory/{world.bob.pk}/")
    assert world.bob.company in page.content.decode()
    vcard = client.get(f"/c/{world.chapter.slug}/directory/{world.bob.pk}/vcard/")
    assert vcard["Content-Type"].startswith("text/vcard")
    body = vcard.content.decode()
    assert "BEGIN:VCARD" in body and "TEL;TYPE=WORK,VOICE:06-12345678" in body
    assert "NOTE:Installaties\\; onderhoud\\, storingen" in body


def test_profiles_of_other_chapters_and_former_members_are_not_found(client, world):
    client.force_login(world.alice)
    assert client.get(f"/c/{world.chapter.slug}/directory/{world.dave.pk}/").status_code == 404
    assert client.get(f"/c/{world.chapter.slug}/directory/{world.larry.pk}/").status_code == 404
    assert client.get(f"/c/{world.other_chapter.slug}/directory/{world.dave.pk}/").status_code == 404


def test_the_next_page_link_keeps_the_search_and_opens_page_two(client, world):
    for index in range(30):
        factories.make_member(world.chapter, f"Pagina{index}", last_name="Zoeker")
    client.force_login(world.alice)
    page = client.get(f"/c/{world.chapter.slug}/directory/", {"q": "Zoeker"}).content.decode()
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link == "?q=Zoeker&page=2"  # one "?": the old template wrote "??page=2", a dead link
    second = client.get(f"/c/{world.chapter.slug}/directory/{link}").content.decode()
    assert "Pagina 2 van 2" in second
