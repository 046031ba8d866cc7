"""Merging two register rows of one child (issue 31): nothing is lost, the logboek stays.

A pupil with two dossiers' worth of data (aanvragen with bijlagen, a grant, an
instemming, a plan, log lines) is merged through the pages; counts before and after
must match, the remaining dossier's page shows both histories, and no logboek line
was changed (on PostgreSQL the append-only trigger would refuse it: run this file
with ``DATABASE_URL=postgres://…`` too).
"""

import datetime

import pytest
from django.utils import timezone

from devkit.clients import login_verified
from loket.instemming import services as instemming
from loket.leerlingen import merge
from loket.models import (
    Aanvraag,
    AvgExport,
    Bijlage,
    Dossier,
    Instemming,
    Leerling,
    LogEntry,
    Ontwikkelplan,
    Samenvoeging,
)
from loket.school.plan import save_plan
from permissions import grants, policy
from permissions.models import DossierUserObjectPermission, InzageGrant
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db

BORN = "2015-03-04"


def url(pupil, action="samenvoegen"):
    return f"/loket/leerlingen/{pupil.pk}/{action}/"


def give(dossier, by, user):
    return grants.create_grant(
        dossier,
        by,
        user=user,
        reason="Onderzoek door de externe.",
        legal_basis=InzageGrant.LegalBasis.OUDERS,
        consent_date=timezone.localdate() - datetime.timedelta(days=3),
        consent_how="Schriftelijk.",
    )


@pytest.fixture
def twins(loket_users, school_a, client):
    """One child twice: 'Sanne Testleerling' (stays) and 'Sane Testleerling' (merged)."""
    school_user = loket_users["school_a"]
    first = make_aanvraag(school_a, school_user, naam="Sanne Testleerling", geboortedatum=BORN)
    second = make_aanvraag(school_a, school_user, naam="Sane Testleerling", geboortedatum=BORN)
    keep, gone = first.dossier, second.dossier
    assert keep.pk != gone.pk and keep.leerling_id != gone.leerling_id
    give(gone, school_user, loket_users["externe"])
    instemming.register_outside(
        second, school_user, datum=timezone.localdate(), toelichting="Op papier."
    )
    save_plan(gone, school_user, doelen="Rekenen in kleine stappen.")
    AvgExport.objects.create(leerling=gone.leerling, requested_by=school_user)
    login_verified(client, school_user)
    for dossier in (keep, gone):  # a "dossier bekeken" line on each
        assert client.get(f"/loket/dossiers/{dossier.pk}/").status_code == 200
    return {
        "keep": keep.leerling,
        "gone": gone.leerling,
        "keep_dossier": keep,
        "gone_dossier": gone,
        "client": client,
    }


def test_every_relation_to_dossier_and_leerling_is_handled_by_the_merge():
    """A new model pointing at a dossier or pupil must get a merge rule (or the merge
    would cascade its rows away or fail): this test names the one to add."""
    assert merge.relation_keys(Dossier) == set(merge.DOSSIER_RELATIONS)
    assert merge.relation_keys(Leerling) == set(merge.LEERLING_RELATIONS)


def test_merge_through_the_pages_moves_everything_and_loses_nothing(twins, loket_users):
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    keep_dossier, gone_dossier = twins["keep_dossier"], twins["gone_dossier"]
    lines_before = set(LogEntry.objects.values_list("pk", "dossier_id", "action", "detail"))
    gone_lines = set(
        LogEntry.objects.filter(dossier_id=gone_dossier.pk).values_list("pk", flat=True)
    )
    counts_before = {
        "aanvragen": Aanvraag.objects.count(),
        "bijlagen": Bijlage.objects.count(),
        "instemmingen": Instemming.objects.count(),
        "inzages": InzageGrant.objects.count(),
    }

    choose = client.get(url(keep))
    assert choose.status_code == 200 and "Sane Testleerling" in choose.content.decode()
    compare = client.get(url(keep), {"met": gone.pk})
    assert compare.status_code == 200
    summaries = {p.pk: s for p, s in compare.context["summaries"]}
    assert summaries[gone.pk]["aanvragen"] == 1 and summaries[gone.pk]["plan"] is True
    assert summaries[gone.pk]["inzages"] == 1 and summaries[gone.pk]["instemmingen"] == 1

    response = client.post(url(keep), {"met": gone.pk, "bevestigd": "on"})
    assert response.status_code == 302

    assert not Leerling.objects.filter(pk=gone.pk).exists()
    assert not Dossier.objects.filter(pk=gone_dossier.pk).exists()
    assert counts_before == {
        "aanvragen": Aanvraag.objects.count(),
        "bijlagen": Bijlage.objects.count(),
        "instemmingen": Instemming.objects.count(),
        "inzages": InzageGrant.objects.count(),
    }
    assert Aanvraag.objects.filter(dossier=keep_dossier).count() == 2
    assert Bijlage.objects.filter(aanvraag__dossier=keep_dossier).count() == 2
    assert InzageGrant.objects.get().dossier_id == keep_dossier.pk
    assert DossierUserObjectPermission.objects.get().content_object_id == keep_dossier.pk
    assert Ontwikkelplan.objects.get().dossier_id == keep_dossier.pk
    assert AvgExport.objects.get().leerling_id == keep.pk
    # The externe's grant works on the remaining dossier.
    assert policy.can_view_dossier(loket_users["externe"], keep_dossier)

    # Not one logboek line changed or went; the merge added lines on both dossiers.
    lines_after = set(LogEntry.objects.values_list("pk", "dossier_id", "action", "detail"))
    assert lines_before <= lines_after
    merged_in = LogEntry.objects.get(action=LogEntry.Action.SAMENGEVOEGD)
    assert merged_in.dossier_id == keep_dossier.pk
    assert merged_in.detail == f"dossier {gone_dossier.pk} (leerling {gone.pk})"
    went = LogEntry.objects.get(action=LogEntry.Action.SAMENGEVOEGD_IN)
    assert went.dossier_id == gone_dossier.pk and went.detail == f"in dossier {keep_dossier.pk}"
    assert "Sane" not in merged_in.detail + went.detail
    assert Samenvoeging.objects.get().merged_dossier_id == gone_dossier.pk

    # The remaining dossier's page shows both histories.
    page = client.get(f"/loket/dossiers/{keep_dossier.pk}/")
    shown = {entry.pk for entry in page.context["log_page"].object_list}
    assert gone_lines <= shown and went.pk in shown and merged_in.pk in shown
    assert page.context["aanvragen"].count() == 2


def test_the_merged_pupils_dossier_without_counterpart_moves_whole(loket_users, school_a, client):
    """A duplicate row without a dossier, and one whose dossier is the only one."""
    school_user = loket_users["school_a"]
    aanvraag = make_aanvraag(school_a, school_user, naam="Sanne Testleerling")
    bare = Leerling.objects.create(
        naam="S. Testleerling", geboortedatum="2015-03-04", school=school_a, leerlingnummer="77"
    )
    login_verified(client, school_user)
    # The register row without a dossier stays; the dossier moves to it, same id.
    response = client.post(url(bare), {"met": aanvraag.dossier.leerling_id, "bevestigd": "on"})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.pk == aanvraag.dossier_id and dossier.leerling_id == bare.pk
    assert Leerling.objects.get().leerlingnummer == "77"
    line = LogEntry.objects.get(action=LogEntry.Action.LEERLING_OVERGEZET)
    assert line.dossier_id == dossier.pk


def test_an_earlier_merge_stays_in_the_history(twins, loket_users, school_a):
    """C into B, then B into A: A's logboek still shows C's lines."""
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    third = make_aanvraag(school_a, loket_users["school_a"], naam="Sannne Testlerling").dossier
    third_lines = set(LogEntry.objects.filter(dossier_id=third.pk).values_list("pk", flat=True))
    assert client.post(url(gone), {"met": third.leerling_id, "bevestigd": "on"}).status_code == 302
    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302
    keep_dossier = twins["keep_dossier"]
    assert Samenvoeging.objects.filter(dossier=keep_dossier).count() == 2
    assert Aanvraag.objects.filter(dossier=keep_dossier).count() == 3
    page = client.get(f"/loket/dossiers/{keep_dossier.pk}/", {"pagina": 1})
    paginator = page.context["log_page"].paginator
    shown = {entry.pk for entry in paginator.object_list}
    assert third_lines <= shown


@pytest.mark.parametrize(
    "case",
    [
        "self",
        "both_archived",
        "waiting_transfer",
        "restricted",
        "unconfirmed",
        "not_a_number",
        "received_twice",
    ],
)
def test_refusals_are_4xx_with_a_dutch_reason_and_change_nothing(twins, loket_users, case):
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    data = {"met": gone.pk, "bevestigd": "on"}
    if case == "self":
        data["met"] = keep.pk
        expected = "met zichzelf"
    elif case == "both_archived":
        Dossier.objects.update(status="gearchiveerd", archived_at=timezone.now())
        expected = "Beide dossiers zijn gearchiveerd"
    elif case == "waiting_transfer":
        from loket.models import Overdracht

        gone_dossier = twins["gone_dossier"]
        Dossier.objects.filter(pk=gone_dossier.pk).update(
            status="gearchiveerd", archived_at=timezone.now()
        )
        Overdracht.objects.create(
            dossier=gone_dossier,
            ontvanger=loket_users["school_b"].schools().get(),
            consent_date=timezone.localdate(),
            consent_how="x",
        )
        expected = "overdracht klaar"
    elif case == "restricted":
        Dossier.objects.filter(pk=twins["gone_dossier"].pk).update(beperkt_sinds=timezone.now())
        expected = "beperkt"
    elif case == "unconfirmed":
        del data["bevestigd"]
        expected = "Vink aan dat het hetzelfde kind is"
    elif case == "not_a_number":
        data["met"] = "abc"
        expected = "Kies een leerling uit de lijst"
    else:
        from loket.models import Overdracht

        for dossier in (twins["keep_dossier"], twins["gone_dossier"]):
            Overdracht.objects.create(
                dossier=dossier,
                ontvanger=dossier.school,
                consent_date=timezone.localdate(),
                consent_how="x",
                status=Overdracht.Status.GEACCEPTEERD,
                new_dossier=dossier,
            )
        expected = "via een overdracht"
    response = client.post(url(keep), data)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Leerling.objects.count() == 2 and Dossier.objects.count() == 2
    assert not Samenvoeging.objects.exists()


def test_other_schools_and_other_roles_get_a_404(twins, loket_users, school_b, client):
    keep, gone = twins["keep"], twins["gone"]
    other_school = Leerling.objects.create(naam="Bram B", geboortedatum=BORN, school=school_b)
    # School A's user cannot reach school B's pupil, from either side.
    own = twins["client"]
    assert own.get(url(keep), {"met": other_school.pk}).status_code == 404
    assert own.post(url(keep), {"met": other_school.pk, "bevestigd": "on"}).status_code == 404
    for who in ("school_b", "consulent", "commissie", "externe"):
        login_verified(client, loket_users[who])
        assert client.get(url(keep)).status_code == 404, who
        assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 404, who
    assert Leerling.objects.count() == 3 and not Samenvoeging.objects.exists()


def test_the_service_refuses_pupils_of_two_schools(twins, loket_users, school_b):
    other_school = Leerling.objects.create(naam="Bram B", geboortedatum=BORN, school=school_b)
    with pytest.raises(merge.ValidationError, match="dezelfde school"):
        merge.merge_pupils(twins["keep"], other_school, loket_users["school_a"])


def test_a_row_still_pointing_at_the_dossier_stops_the_delete(twins):
    """The last guard: an unhandled relation raises instead of cascading away."""
    with pytest.raises(RuntimeError, match="Samenvoegen onvolledig: .* wijst nog naar"):
        merge._assert_nothing_left(Dossier, twins["gone_dossier"], skip=merge.NOT_CHECKED)


def test_links_from_the_register_and_the_dossier_page(twins):
    client, keep = twins["client"], twins["keep"]
    register = client.get("/loket/leerlingen/").content.decode()
    assert url(keep) in register and url(keep, "corrigeren") in register
    dossier_page = client.get(f"/loket/dossiers/{twins['keep_dossier'].pk}/").content.decode()
    assert url(keep) in dossier_page and url(keep, "corrigeren") in dossier_page


def test_on_postgresql_the_append_only_trigger_is_live_during_these_tests(twins):
    """The merge passes above without the trigger weakened: an UPDATE still fails."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    refused = pytest.raises(DatabaseError, match="alleen aan te vullen")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE loket_logentry SET detail = 'x'")


def test_the_avg_export_and_retention_take_the_merged_lines_along(twins):
    """Art. 15 shows the whole history; retention leaves no line of the merged id behind
    but the sealed end of its chain."""
    from django.db import transaction

    from loket.models import Bewaartermijn
    from loket.privacy.avg.collect import collect
    from loket.privacy.retention.removal import remove_dossier

    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    gone_id = twins["gone_dossier"].pk
    gone_lines = LogEntry.objects.filter(dossier_id=gone_id).count()
    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302
    collected = collect(keep)
    (only,) = collected["dossiers"]
    assert sum(line.dossier_id == gone_id for line in only["dossier"].logboek_lines) > gone_lines
    with transaction.atomic():
        remove_dossier(
            Dossier.objects.get(pk=twins["keep_dossier"].pk), Bewaartermijn.Actie.VERWIJDEREN
        )
    # Of the merged id's chain only its sealed line stays: no kenmerk, no person.
    left = LogEntry.objects.filter(dossier_id=gone_id)
    assert {line.action for line in left} == {LogEntry.Action.VERZEGELD}
    assert all(line.reference == line.actor == "" and line.user_id is None for line in left)
    assert not Samenvoeging.objects.exists()
