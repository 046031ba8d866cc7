"""Amount and rate fields are non-negative unless the editor allows it; a
calculated total never is negative (issue 10, hole 6)."""

from devkit.clients import Wizard, login_verified
from forms import definition as d
from forms.build import calc, fld, step
from tests.forms.conftest import LEERLING


def test_negative_rate_is_refused_in_the_wizard(client, school_user, journey_form):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    w.post("stap1", {**LEERLING, "extra": "nee"})
    response = w.post("stap3", {"uren": "10", "tarief": "-5", "akkoord": "on"})
    assert response.status_code == 200
    assert "Een negatieve waarde kan hier niet." in response.content.decode()


def test_a_calculated_total_is_never_negative(client, school_user, make_form):
    page = make_form(
        [
            step("Leerling", [fld("leerling", "leerling", "Leerling")]),
            step(
                "Correctie",
                [
                    fld(d.NUMBER, "uren", "Uren", allow_negative=True),
                    fld(d.AMOUNT, "tarief", "Tarief"),
                    calc("totaal", "Totaal", d.PRODUCT, "uren, tarief"),
                ],
            ),
        ],
        slug="correctie",
    )
    login_verified(client, school_user)
    w = Wizard(client, page)
    w.start()
    w.post("stap1", LEERLING)
    response = w.post("stap2", {"uren": "-10", "tarief": "5"})
    assert response.status_code == 200
    assert "De berekende waarde kan niet negatief zijn" in response.content.decode()
    assert w.post("stap2", {"uren": "10", "tarief": "5"}).status_code == 302
