from forms.models import FormSubmission


def test_tlv_smoke(demo_forms, wizard, handed_off):
    w = wizard(demo_forms["tlv"])
    r = w.current()
    assert r.status_code == 200, r.content
    r = w.start()
    assert r.status_code == 302
    r = w.current()
    assert r.status_code == 200
    print(r.content.decode()[-6000:])
    r = w.post(
        "stap1",
        {
            "leerling__naam": "Fien Test",
            "leerling__geboortedatum": "2015-03-04",
            "leerling__groep": "5",
            "startdatum": "2026-09-01",
        },
    )
    assert r.status_code == 302, r.content.decode()
    r = w.current()
    print(r.content.decode()[-6000:])
    from tests.forms.conftest import pdf

    r = w.post(
        "stap2",
        {"categorie": "Categorie 1 (laag)", "ouders_geinformeerd": "on"},
        files={"opp": pdf()},
    )
    assert r.status_code == 302, r.content.decode()
    r = w.current()
    print(r.content.decode()[-6000:])
    r = w.submit()
    assert r.status_code == 302, r.content.decode()
    assert FormSubmission.objects.count() == 1
    r = w.client.get(r.url)
    print(r.content.decode()[-3000:])
    assert handed_off
