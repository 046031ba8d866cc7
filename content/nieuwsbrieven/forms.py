"""Public forms of the newsletter: subscribe and change lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NewsletterList


def public_lists():
    return NewsletterList.objects.filter(is_public=True)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Naam"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Welke nieuwsbrieven wil je ontvangen?"),
        queryset=NewsletterList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één nieuwsbrief.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = public_lists()


class ManageListsForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("Deze nieuwsbrieven wil ik ontvangen"),
        queryset=NewsletterList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Zet alles uit om je voor alle nieuwsbrieven af te melden."),
    )

    def __init__(self, *args, subscriber=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Lists the subscriber is already on stay visible, also non-public ones.
        own = subscriber.subscriptions.exclude(status="unsubscribed").values("newsletter_list")
        self.fields["lists"].queryset = NewsletterList.objects.filter(pk__in=own) | public_lists()
