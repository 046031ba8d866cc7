"""The demo gives extern@cleo.example one valid, one expired and one revoked grant."""

from accounts import demo as accounts_demo
from accounts.models import User
from devkit.clients import login_verified
from loket.demo import seed as loket_demo
from permissions import demo as permissions_demo
from permissions.models import DossierUserObjectPermission, InzageGrant


def test_demo_grants_and_is_idempotent(db, client, django_capture_on_commit_callbacks):
    accounts_demo.run()
    with django_capture_on_commit_callbacks(execute=True):
        loket_demo.run()
    permissions_demo.run()
    permissions_demo.run()
    externe = User.objects.get(email="extern@cleo.example")
    grants = list(InzageGrant.objects.filter(grantee_user=externe))
    assert sorted(g.state() for g in grants) == ["actief", "ingetrokken", "verlopen"]
    assert all(g.dossier.school.brin == "99AA00" for g in grants)
    assert DossierUserObjectPermission.objects.filter(user=externe).count() == 1

    login_verified(client, externe)
    page = client.get("/inzage/").content.decode()
    valid = next(g for g in grants if g.state() == "actief")
    assert page.count("/inzage/dossiers/") == 1 and valid.dossier.leerling.naam in page

    login_verified(client, User.objects.get(email="ib@school-a.example"))
    revoked = next(g for g in grants if g.state() == "ingetrokken")
    page = client.get(f"/loket/dossiers/{revoked.dossier_id}/").content.decode()
    assert "Eerdere inzage" in page and "Ingetrokken" in page
