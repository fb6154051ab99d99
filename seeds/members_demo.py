"""Demo data for membership: profiles with GAINS, applications, renewals due, leave, a lapsed member.

Idempotent: profiles are only filled when empty, rows are found by natural keys before creating.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from config.dates import in_year
from members.capabilities import Capability
from members.models import (
    Application,
    ClassificationLock,
    DuesLine,
    DuesRate,
    Membership,
    RenewalRequest,
    Role,
    RoleAssignment,
    User,
    WantedClassification,
)
from members.services.dues import dues_line_for_term
from members.services.onboarding import onboarding_assign_mentor, onboarding_item_tick, onboarding_start

# (goals, accomplishments, interests, networks, skills, offer, ideal referral, weekly ask)
PROFILES = [
    (
        "Dit jaar wil ik vaker werken voor bedrijven die hun team en werkplek willen laten zien.",
        "Fotografie voor de jaarverslagen van twee Utrechtse woningcorporaties.",
        "Wielrennen op de Utrechtse Heuvelrug, jazz, koken voor vrienden.",
        "Ondernemersvereniging Leidsche Rijn, Utrecht Marketing, oud-collega's bij de Hogeschool Utrecht.",
        "Portretten waarin mensen zich op hun gemak voelen, snel schakelen op locatie.",
        "Zakelijke portretten, teamfoto's en beeld voor websites en jaarverslagen.",
        "Een marketingmanager van een bedrijf met 20 tot 200 medewerkers dat een nieuwe website laat bouwen.",
        "Wie kent de marketingmanager van een zorginstelling in Utrecht?",
    ),
    (
        "Groeien naar vijftig vaste mkb-klanten zonder in te leveren op persoonlijk contact.",
        "Een familiebedrijf geholpen met een soepele bedrijfsoverdracht aan de volgende generatie.",
        "Hardlopen, schaken, de Domtoren beklimmen met bezoek.",
        "Rabobank Utrecht, Koninklijke NBA, Rotary Utrecht-Noord.",
        "Jaarrekeningen, fiscale planning en begrijpelijke uitleg zonder jargon.",
        "Jaarrekening, aangiften en fiscaal advies voor ondernemers en dga's.",
        "Een ondernemer die net een bv heeft opgericht of erover twijfelt.",
        "Ik zoek een introductie bij startende ondernemers die een bv overwegen.",
    ),
    (
        "Meer onderhoudscontracten bij VvE's in plaats van losse klussen.",
        "Dertig woningen in Houten van het gas af gehaald, op tijd en binnen budget.",
        "Voetbal bij VV De Meern, klussen aan mijn oude Volkswagen-bus.",
        "VvE-beheerders in Utrecht, Techniek Nederland, lokale aannemers.",
        "Warmtepompen, vloerverwarming, storingen snel verhelpen.",
        "Installatie en onderhoud van verwarming, warmtepompen en sanitair.",
        "Een VvE-beheerder of woningeigenaar die wil verduurzamen.",
        "Wie kent een VvE-beheerder met complexen uit de jaren zeventig?",
    ),
    (
        "Vijf nieuwe webshops lanceren voor lokale retailers.",
        "Een webshop gebouwd die in het eerste jaar de omzet van de winkel verdubbelde.",
        "Gamen, bordspellen, met de kinderen naar het Spoorwegmuseum.",
        "Dutch Digital Agencies, coworkingplek Werkspoorkwartier, retailers in de binnenstad.",
        "WordPress, Shopify, vindbaarheid en snelle websites.",
        "Websites en webshops die gevonden worden en makkelijk zelf te beheren zijn.",
        "Een winkelier met een verouderde website die meer online wil verkopen.",
        "Ik zoek winkeliers in Lombok en Oog in Al die online willen verkopen.",
    ),
    (
        "Meer bedrijfspanden verhuren aan groeiende mkb-bedrijven.",
        "Een kantoorpand in Papendorp volledig verhuurd binnen vier maanden.",
        "Zeilen op de Loosdrechtse Plassen, architectuur, Italiaanse wijn.",
        "Vastgoedbeleggers in Midden-Nederland, Gemeente Utrecht (Economische Zaken), NVM Business.",
        "Onderhandelen, marktkennis, huurcontracten.",
        "Aan- en verkoop en verhuur van kantoren, bedrijfshallen en winkelruimte.",
        "Een ondernemer die binnen een jaar uit zijn pand groeit.",
        "Wie weet een bedrijf dat dit jaar wil verhuizen naar een groter pand?",
    ),
    (
        "Een tweede bus en een extra monteur erbij.",
        "Het dak van een monumentale boerderij in Bunnik vernieuwd met oude pannen.",
        "Mountainbiken, vissen, de Tour de France volgen.",
        "Bouwend Nederland, aannemers en architecten in de regio, monumentenzorg.",
        "Platte daken, pannendaken, lekkages vinden die anderen missen.",
        "Dakreparatie, dakrenovatie en isolatie van platte en schuine daken.",
        "Een aannemer of VvE die een betrouwbare dakdekker zoekt.",
        "Ik zoek contact met architecten die aan renovaties werken.",
    ),
    (
        "Meer ondernemers helpen met een goede verzekering voor arbeidsongeschiktheid.",
        "Een zzp'er na een ongeluk binnen twee weken zijn uitkering laten krijgen.",
        "Golf, reizen naar Portugal, tuinieren.",
        "Adfiz, ondernemersverenigingen in Nieuwegein en Houten, zzp-netwerken.",
        "Risico's inschatten, polissen vergelijken, helpen bij schades.",
        "Zakelijke verzekeringen, AOV en pensioen voor ondernemers.",
        "Een zzp'er of ondernemer die nog geen arbeidsongeschiktheidsverzekering heeft.",
        "Wie kent zzp'ers in de bouw die hun AOV willen laten doorlichten?",
    ),
    (
        "Een vaste cateraar worden voor drie kantoren in Utrecht.",
        "De catering verzorgd voor een congres met achthonderd gasten in TivoliVredenburg.",
        "Koken (ook thuis), markten, Marokkaanse keuken.",
        "Evenementenbureaus, facilitair managers, TivoliVredenburg.",
        "Grote groepen, dieetwensen, duurzaam inkopen bij lokale boeren.",
        "Lunches, borrels en diners voor bedrijven en evenementen.",
        "Een facilitair manager van een kantoor met meer dan honderd medewerkers.",
        "Ik zoek een introductie bij de facilitair manager van een ziekenhuis.",
    ),
    (
        "Meer organisaties helpen met werving van technisch personeel.",
        "In een jaar twaalf monteurs geplaatst bij één installatiebedrijf.",
        "Padel, podcasts over ondernemen, Ajax.",
        "HR-managers in de techniek, ROC Midden Nederland, LinkedIn-groepen voor recruiters.",
        "Kandidaten vinden die niet actief zoeken, sollicitatiegesprekken voeren.",
        "Werving en selectie van technisch en commercieel personeel.",
        "Een directeur of HR-manager die al maanden een vacature niet vervuld krijgt.",
        "Wie kent een installatiebedrijf met openstaande vacatures?",
    ),
    (
        "Een tweede praktijk openen in Leidsche Rijn.",
        "Een revalidatieprogramma voor sporters opgezet met de lokale voetbalclub.",
        "Triathlon, boeken over voeding, wandelen met de hond.",
        "Sportclubs in Utrecht-West, huisartsen, UMC Utrecht.",
        "Rugklachten, sportblessures, werkplekadvies.",
        "Fysiotherapie, sportrevalidatie en werkplekonderzoek voor bedrijven.",
        "Een werkgever met veel zittend werk die uitval wil voorkomen.",
        "Ik zoek een HR-manager die iets wil doen aan rugklachten op kantoor.",
    ),
    (
        "Drie nieuwe klanten voor doorlopend beheer van netwerk en werkplekken.",
        "Een advocatenkantoor in één weekend overgezet naar de cloud, zonder storing op maandag.",
        "Zelf computers bouwen, sciencefiction, fietsen.",
        "ICT-ondernemers Utrecht, Microsoft-partners, advocatuur en notariaat.",
        "Netwerken, Microsoft 365, beveiliging van werkplekken.",
        "IT-beheer, back-ups en beveiliging voor kantoren met 5 tot 50 werkplekken.",
        "Een kantoor dat ontevreden is over zijn huidige IT-partij.",
        "Wie kent een notariskantoor dat zijn IT wil uitbesteden?",
    ),
    (
        "Meer ondernemers helpen met een heldere strategie voor de komende drie jaar.",
        "Een team van twaalf mensen begeleid naar een nieuwe manier van samenwerken.",
        "Yoga, filosofie, lange wandelingen langs de Vecht.",
        "Nyenrode-alumni, MKB-Nederland Midden, vrouwelijke ondernemers in Utrecht.",
        "Doorvragen, structuur aanbrengen, teams laten samenwerken.",
        "Coaching voor ondernemers en managementteams.",
        "Een ondernemer die is vastgelopen in de groei van zijn bedrijf.",
        "Ik zoek een introductie bij een familiebedrijf dat een opvolger zoekt.",
    ),
    (
        "Vaker ingeschakeld worden voor drukwerk van evenementen.",
        "Alle drukwerk geleverd voor het Utrechtse Uitfeest, op tijd ondanks een krappe planning.",
        "Typografie, vintage posters, zwemmen.",
        "Evenementenbureaus, reclamebureaus, de Utrechtse culturele sector.",
        "Advies over papier en afwerking, spoedklussen.",
        "Visitekaartjes, brochures, posters en beursmateriaal.",
        "Een marketeer die binnenkort op een beurs staat.",
        "Wie staat er binnenkort op een beurs en heeft nog geen materiaal?",
    ),
    (
        "Meer particulieren helpen bij hun eerste huis.",
        "Een starter aan een huis geholpen in een overspannen markt, met een bod onder de vraagprijs.",
        "Tennis, interieur, weekendjes weg.",
        "Hypotheekadviseurs, notarissen, bouwkundig inspecteurs in Utrecht.",
        "Onderhandelen, de markt lezen, mensen geruststellen.",
        "Aankoop- en verkoopbegeleiding van woningen.",
        "Iemand die binnen een half jaar wil verhuizen.",
        "Wie kent iemand die dit jaar zijn huis wil verkopen?",
    ),
    (
        "Een vaste partner worden voor de teksten van drie bureaus.",
        "De website-teksten van een zorgverzekeraar herschreven naar B1-niveau.",
        "Lezen, cryptogrammen, theater.",
        "Communicatiebureaus, de Utrechtse schrijversvereniging, zorgcommunicatie.",
        "Helder schrijven, moeilijke onderwerpen eenvoudig maken.",
        "Teksten voor websites, nieuwsbrieven en jaarverslagen.",
        "Een communicatiemanager die te weinig tijd heeft om zelf te schrijven.",
        "Ik zoek een communicatieadviseur bij een gemeente of zorginstelling.",
    ),
]

APPLICANTS = [
    ("Hanneke", "Verbeek", "hanneke@verbeekvertalingen.nl", "Verbeek Vertalingen", "Vertaalbureau"),
    ("Rik", "Smeets", "rik@smeetsbeveiliging.nl", "Smeets Beveiliging", "Beveiliging"),
    ("Ayla", "Demir", "ayla@demirevents.nl", "Demir Events", "Evenementenbureau"),
]


def _profiles(rng: random.Random, members: list[User]) -> None:
    for user, profile in zip(members, PROFILES, strict=False):
        if user.gains_goals:
            continue
        goals, accomplishments, interests, networks, skills, offer, ideal, ask = profile
        user.gains_goals, user.gains_accomplishments, user.gains_interests = goals, accomplishments, interests
        user.gains_networks, user.gains_skills = networks, skills
        user.offer, user.ideal_referral, user.weekly_ask = offer, ideal, ask
        # The ask made concrete: whom exactly (the ideal referral) and what to say (the offer).
        user.ask_who, user.ask_intro = ideal[:200], offer[:280]
        user.weekly_ask_updated_at = timezone.now() - datetime.timedelta(days=rng.randint(0, 6))
        user.bio = f"{user.first_name} is eigenaar van {user.company}."
        user.save()


def load(ctx: dict) -> None:
    rng = random.Random(4)
    today = timezone.localdate()
    chapter = ctx["chapters"][0]
    members = ctx["members"][chapter.slug]
    president = members[1]
    _profiles(rng, members)

    taken = set(chapter.memberships.current().values_list("classification_id", flat=True))
    classifications = {c.name_nl: c for c in ctx["classifications"]}
    free = [c for c in ctx["classifications"] if c.pk not in taken]
    for first, last, email, company, classification_name in APPLICANTS:
        if chapter.applications.filter(email=email).exists():
            continue
        classification = classifications[classification_name]
        if classification.pk in taken:
            classification = free.pop(0)
        taken.add(classification.pk)
        Application.objects.create(
            chapter=chapter,
            classification=classification,
            first_name=first,
            last_name=last,
            email=email,
            company=company,
            phone=f"06-{rng.randint(10000000, 99999999)}",
            references="Twee vaste klanten; telefoonnummers bij de ledencommissie bekend.",
            motivation="Ik wil graag meer zakelijke contacten in de regio Utrecht.",
            consent_given_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 14)),
        )

    # Renewals: four due within 60 days, one overdue (members outside the leadership team).
    for index, days in ((12, 9), (13, 23), (14, 41), (15, 57), (16, -6)):
        term = members[index].memberships.filter(status=Membership.Status.ACTIVE).first()
        if term is None:
            continue
        term.renewal_due_on = today + datetime.timedelta(days=days)
        term.starts_on = in_year(term.renewal_due_on, term.renewal_due_on.year - 1)
        term.save(update_fields=["renewal_due_on", "starts_on"])

    # Someone on medical leave: an extra member, since the foundation seeds only look for active terms.
    on_leave_user, created = User.objects.get_or_create(
        email="joyce@hermanscoaching.nl",
        defaults={
            "first_name": "Joyce",
            "last_name": "Hermans",
            "company": "Hermans Loopbaancoaching",
            "password": members[0].password,
        },
    )
    if created:
        Membership.objects.create(
            user=on_leave_user,
            chapter=chapter,
            classification=free.pop(0),
            status=Membership.Status.ON_LEAVE,
            starts_on=today - datetime.timedelta(days=200),
            renewal_due_on=today + datetime.timedelta(days=165),
            leave_until=today + datetime.timedelta(days=21),
            leave_approved_by=president,
            status_reason="Herstel na een knieoperatie",
        )

    former, created = User.objects.get_or_create(
        email="kees@vandambloemen.nl",
        defaults={
            "first_name": "Kees",
            "last_name": "van Dam",
            "company": "Van Dam Bloemen",
            "password": "!",
        },
    )
    if created:
        Membership.objects.create(
            user=former,
            chapter=chapter,
            classification=classifications["Bloemist"],
            status=Membership.Status.LAPSED,
            starts_on=today - datetime.timedelta(days=500),
            renewal_due_on=today - datetime.timedelta(days=135),
            ended_on=today - datetime.timedelta(days=120),
            status_reason="Niet verlengd na de zomer",
        )

    # Roles are data: a chapter's own role with the capabilities it chose.
    events, _ = Role.objects.get_or_create(
        chapter=chapter,
        code="events-coordinator",
        defaults={
            "name_nl": "Evenementencoördinator",
            "name_en": "Events coordinator",
            "capabilities": [Capability.EDIT_AGENDA, Capability.HOST_VISITORS],
            "sort_order": 50,
        },
    )
    RoleAssignment.objects.get_or_create(
        chapter=chapter,
        role=events,
        user=members[10],
        defaults={"starts_on": datetime.date(today.year, 1, 1), "ends_on": datetime.date(today.year, 12, 31)},
    )
    ClassificationLock.objects.get_or_create(
        chapter=chapter,
        classification=classifications["Notaris"],
        defaults={"reason": "Gereserveerd voor een oud-lid dat terugkomt", "locked_by": president},
    )
    _proposed_applicant(rng, chapter, free, president)
    _dues(chapter, president)
    _membership_lifecycle(chapter, members, free, president)


def _membership_lifecycle(chapter, members: list[User], free: list, president: User) -> None:
    """Two wanted professions, a renewal request waiting for the VP, and a new member three weeks in
    with a mentor and a half-done checklist."""
    today = timezone.localdate()
    notes = ("Voor particulieren en kleine bedrijven", "Liefst met ervaring in verbouwingen")
    for classification, note in zip(free[-2:], notes, strict=False):
        WantedClassification.objects.get_or_create(
            chapter=chapter, classification=classification, defaults={"note": note, "added_by": president}
        )
    due = members[12].memberships.filter(status=Membership.Status.ACTIVE).first()
    if due is not None and not due.renewal_requests.exists():
        RenewalRequest.objects.create(chapter=chapter, membership=due, requested_by=members[12])
    newcomer, created = User.objects.get_or_create(
        email="noor@visserinterieur.nl",
        defaults={
            "first_name": "Noor",
            "last_name": "Visser",
            "company": "Visser Interieuradvies",
            "password": members[0].password,
        },
    )
    if created and len(free) > 2:
        starts_on = today - datetime.timedelta(days=21)
        term = Membership.objects.create(
            user=newcomer,
            chapter=chapter,
            classification=free.pop(0),
            starts_on=starts_on,
            renewal_due_on=starts_on.replace(year=starts_on.year + 1),
        )
        dues_line_for_term(term)
        onboarding = onboarding_start(membership=term)
        onboarding_assign_mentor(onboarding=onboarding, mentor=members[3])
        onboarding_item_tick(item=onboarding.items.get(blocks_rota=True), by=president)


def _proposed_applicant(rng: random.Random, chapter, free: list, president: User) -> None:
    """One applicant in the objection window: interviewed, proposed three days ago."""
    email = "iris@bakkerarchitectuur.nl"
    if chapter.applications.filter(email=email).exists() or not free:
        return
    now = timezone.now()
    Application.objects.create(
        chapter=chapter,
        classification=free.pop(0),
        first_name="Iris",
        last_name="Bakker",
        email=email,
        company="Bakker Architectuur",
        phone=f"06-{rng.randint(10000000, 99999999)}",
        references="Twee opdrachtgevers; telefoonnummers bij de ledencommissie bekend.",
        consent_given_at=now - datetime.timedelta(days=20),
        interviewed_on=timezone.localdate() - datetime.timedelta(days=6),
        interview_notes="Enthousiast, sterke referenties.",
        status=Application.Status.PROPOSED,
        proposed_at=now - datetime.timedelta(days=3),
        proposed_by=president,
        objections_until=now
        - datetime.timedelta(days=3)
        + datetime.timedelta(days=chapter.objection_window_days),
    )


def _dues(chapter, president: User) -> None:
    """A yearly fee, a dues line for every current term, the first five of them paid."""
    DuesRate.objects.get_or_create(
        chapter=chapter, term_months=12, defaults={"amount": Decimal("595.00"), "vat_rate": Decimal("21")}
    )
    terms = chapter.memberships.current().order_by("pk")
    for term in terms:
        dues_line_for_term(term)
    paid = chapter.dues_lines.order_by("pk").values_list("pk", flat=True)[:5]
    DuesLine.objects.filter(pk__in=list(paid), paid_on__isnull=True).update(
        paid_on=timezone.localdate(), method=DuesLine.Method.TRANSFER, paid_recorded_by=president
    )
