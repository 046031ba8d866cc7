"""``Aanvraag.get_type_display``/``get_status_display`` give what Django's would."""

import pytest
from django.db.models import Model
from django.utils import translation

from loket.models import Aanvraag
from loket.types import AanvraagType


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_type_and_status_gets_djangos_label(language):
    field_type = Aanvraag._meta.get_field("type")
    field_status = Aanvraag._meta.get_field("status")
    with translation.override(language):
        for kind in [*AanvraagType.values, "bestaat-niet"]:
            for status in [*Aanvraag.Status.values, "onbekend"]:
                aanvraag = Aanvraag(type=kind, status=status)
                djangos_type = Model._get_FIELD_display(aanvraag, field_type)
                djangos_status = Model._get_FIELD_display(aanvraag, field_status)
                assert aanvraag.get_type_display() == djangos_type
                assert aanvraag.get_status_display() == djangos_status
