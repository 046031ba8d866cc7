"""S3 away during a wizard step with an upload (cms.files.storage): the step answers 503
with the reason on the file field, its other answers are saved in the draft, no file
row is made, and the same step succeeds once the storage is back."""

from devkit.clients import Wizard, login_verified, pdf
from forms.models import FormDraft, FormDraftFile
from tests.forms.conftest import LEERLING
from tests.storage_outage import private_storage_away

MESSAGE = "Bestanden kunnen op dit moment niet worden opgeslagen of geopend."


def test_an_upload_step_while_the_storage_is_away(client, school_user, journey_form, settings):
    login_verified(client, school_user)
    w = Wizard(client, journey_form)
    w.start()
    assert w.post("stap1", {**LEERLING, "extra": "ja"}).status_code == 302

    storages_before = settings.STORAGES
    private_storage_away(settings)
    text = "Een onderwijsassistent in de groep."
    response = w.post("stap2", {"wat": text}, files={"plan": pdf("Plan van aanpak.pdf")})
    assert response.status_code == 503
    html = response.content.decode()
    assert MESSAGE in html and 'aria-describedby="id_stap2-plan_error"' in html
    assert not FormDraftFile.objects.exists()
    draft = FormDraft.objects.get()
    assert draft.data["step_data"]["stap2"]["stap2-wat"] == [text]  # saved, not lost

    settings.STORAGES = storages_before
    response = w.post("stap2", {"wat": text}, files={"plan": pdf("Plan van aanpak.pdf")})
    assert response.status_code == 302
    assert FormDraftFile.objects.get().field_name == "plan"
