"""The school's side of a TLV-verlenging: the form naming the TLV it extends (the view
is ``loket.school.views.verlengt``).

Why a page action and not a form field: the form engine knows nothing of TLVs
(DESIGN, dependencies point one way), and the choice is among *granted* TLVs of
this pupil at this school, which only the loket can list. The aanvraag is looked up
among what the user may see (``aanvraag_for``); the service checks the role and the
TLV (``loket.lifecycle.tlv.link_verlenging``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.lifecycle import tlv


class VerlengtForm(forms.Form):
    besluit = forms.TypedChoiceField(label=_("Welke TLV wil je laten verlengen?"), coerce=int)

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].choices = [(b.pk, label(b)) for b in tlv.choosable_tlvs(aanvraag)]


def label(besluit):
    """``SWV-2025-000012: categorie 1 (laag), tot en met 31 juli 2026``."""
    from django.utils import formats

    return _("%(ref)s: %(cat)s, tot en met %(eind)s") % {
        "ref": besluit.aanvraag.reference,
        "cat": besluit.get_tlv_categorie_display() or "",
        "eind": formats.date_format(besluit.end_date, "j F Y"),
    }


def context_for(request, aanvraag, is_school_member, form=None):
    """The TLV part of the school's aanvraag page."""
    facts = tlv.term_facts(aanvraag)
    can_link = (
        facts is not None
        and is_school_member
        and aanvraag.is_open
        and aanvraag.type == tlv.AanvraagType.TLV_VERLENGING
    )
    if can_link and form is None:
        form = VerlengtForm(aanvraag=aanvraag, initial={"besluit": aanvraag.verlengt_id})
    return {"tlv_term": facts, "verlengt_form": form if can_link else None}
