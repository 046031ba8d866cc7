"""Filling in a form: the wizard.

The wizard is django-formtools' ``WizardView`` with ``DraftStorage`` (the state is
a draft row, at ``<form page>/concept/<key>/``; the form page itself asks "new or
continue", ``forms.filling.starting``) and a step list derived at request time from
the page revision the draft is pinned to. Every successful POST redirects (so
refresh and the back button never resubmit) and the final submit goes through
``forms.services.submit``, which creates exactly one submission.
"""

import uuid
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import StepsHelper, WizardView

from forms import audiences, fillers, services
from forms import definition as d
from forms.fieldtypes import FillContext
from forms.filling import drafts, starting
from forms.filling.stepform import StepForm, SummaryForm, UploadField
from forms.filling.storage import DraftStorage, StepChangedElsewhere
from forms.filling.summary import summary_rows

PREFIX = "loketformulier"


@dataclass
class Collected:
    """The result of replaying a draft: which steps show, and the answers so far."""

    visible: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    answers_before: dict = field(default_factory=dict)
    valid: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)


def wizard_view(request, page, draft_key=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.may_fill_in(request.user):
        raise PermissionDenied
    if page.audiences and not page.is_for(fillers.organisations_of(request.user)):
        return starting.not_for(request, page)
    state = page.window_state()
    if state != "open":
        return TemplateResponse(
            request,
            "forms/closed.html",
            {"page": page, "state": state},
            status=403 if request.method == "POST" else 200,
        )
    if draft_key is None and request.method == "POST" and "draft_key" in request.POST:
        draft_key = request.POST["draft_key"]  # a step posted to the form page itself
    if draft_key is None:
        return starting.start_view(request, page)
    draft = (
        drafts.visible_to(request.user)
        .select_related("revision", "organisation", "page")
        .filter(page=page, key=drafts.parse_key(draft_key) or uuid.UUID(int=0))
        .first()
    )
    posted_key = request.POST.get("draft_key") if request.method == "POST" else None
    if draft is None or (posted_key and posted_key != str(draft.key)):
        return starting.gone(request, page, posted_key or draft_key)
    if not audiences.allows(page, draft.organisation):  # the form was limited since
        return starting.not_for(request, page)
    view = LoketFormWizard.as_view(form_list=[(d.SUMMARY_STEP, SummaryForm)], page=page)
    return view(request, draft=draft)


SHOW_ERRORS = "forms_show_errors"  # session: "<draft key>:<step>" whose errors a GET shows


class LoketFormWizard(WizardView):
    template_name = "forms/wizard_step.html"
    page = None

    # --- entry -----------------------------------------------------------------

    def dispatch(self, request, *args, draft, **kwargs):
        self.draft = draft
        self.definition = self.draft.form_page().definition()
        self.prefix = PREFIX
        titles = {s.key: s.title for s in self.definition.steps}
        titles[d.SUMMARY_STEP] = _("Controleren en indienen")
        self.titles = titles
        self.storage = DraftStorage(
            self.prefix, request, draft=self.draft, step_titles=titles, editor=request.user
        )
        self.steps = StepsHelper(self)
        self.form_list = OrderedDict((s.key, StepForm) for s in self.definition.steps)
        self.form_list[d.SUMMARY_STEP] = SummaryForm
        self.files = defaultdict(list)
        for row in self.draft.files.all():
            self.files[(row.step, row.field_name)].append(row)
        response = TemplateView.dispatch(self, request, *args, **kwargs)
        self.storage.update_response(response)
        return response

    def draft_url(self):
        return self.draft.get_absolute_url()

    # --- steps derived from the pinned revision ---------------------------------

    def collect(self):
        if getattr(self, "_collected", None) is None:
            c = self._collecting = Collected()
            for step in self.definition.steps:
                if not d.condition_met(step.condition, c.answers):
                    continue
                c.visible.append(step.key)
                c.answers_before[step.key] = dict(c.answers)
                data = self.storage.get_step_data(step.key)
                if data is None:
                    c.valid[step.key] = False
                    continue
                form = self.get_form(step=step.key, data=data)
                c.forms[step.key] = form
                c.valid[step.key] = form.is_valid()
                if c.valid[step.key]:
                    c.answers.update(form.answers())
            self._collected = c
            self._collecting = None
        return self._collected

    def forget_collected(self):
        self._collected = None

    def get_form_list(self):
        steps = OrderedDict((key, StepForm) for key in self.collect().visible)
        steps[d.SUMMARY_STEP] = SummaryForm
        return steps

    def get_form(self, step=None, data=None, files=None):
        # formtools looks the class up in get_form_list(), which replays the draft;
        # every step has the same class, so look it up in the full list instead.
        step = step or self.steps.current
        kwargs = self.get_form_kwargs(step)
        kwargs.update(
            {"data": data, "files": files, "prefix": self.get_form_prefix(step), "initial": {}}
        )
        return self.form_list[step](**kwargs)

    def get_form_kwargs(self, step=None):
        step_def = self.definition.step(step)
        if step_def is None:
            return {}
        collected = getattr(self, "_collected", None) or getattr(self, "_collecting", None)
        answers_before = collected.answers_before.get(step, {}) if collected else {}
        return {
            "step_def": step_def,
            "definition": self.definition,
            "answers_before": answers_before,
            "files_by_field": {
                f.name: self.files.get((step, f.name), []) for f in step_def.value_fields()
            },
            "context": FillContext(user=self.request.user, organisation=self.draft.organisation),
        }

    # --- GET / POST --------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        form_list = self.get_form_list()
        wanted = request.GET.get("stap")
        if wanted in form_list:
            self.storage.current_step = wanted
            # From the summary's "wijzig" link: come back to the summary afterwards.
            self.storage.extra_data = {"back_to_summary": request.GET.get("van") == "overzicht"}
        if self.storage.current_step not in form_list:
            self.storage.current_step = self.steps.first
        step = self.steps.current
        form = self.get_form(step=step, data=self.storage.get_step_data(step))
        show_errors = request.session.pop(SHOW_ERRORS, None) == f"{self.draft.key}:{step}"
        if form.is_bound and not show_errors:
            # A resumed or revisited step: what was kept, with calculated values, but
            # no errors until the user submits this step.
            form.is_valid()
            form._errors = ErrorDict()
        return self.render(form)

    def show_errors_next(self, step):
        self.request.session[SHOW_ERRORS] = f"{self.draft.key}:{step}"

    def post(self, request, *args, **kwargs):
        form_list = self.get_form_list()
        management_form = ManagementForm(request.POST, prefix=self.prefix)
        if not management_form.is_valid():
            messages.warning(request, _("Het formulier was verlopen; probeer het opnieuw."))
            return redirect(self.draft_url())
        step = management_form.cleaned_data["current_step"]
        if step not in form_list:
            messages.warning(request, _("Deze stap hoort niet (meer) bij het formulier."))
            return redirect(self.draft_url())
        self.storage.current_step = step

        goto = request.POST.get("wizard_goto_step")
        if step == d.SUMMARY_STEP:
            if goto in form_list:
                self.storage.current_step = goto
                return redirect(self.draft_url())
            return self.render_done(None)

        form = self.get_form(step=step, data=request.POST, files=request.FILES)
        valid = form.is_valid()
        stored = self.keep_uploads(step, form)
        self.storage.set_step_data(step, form.raw_data(), based_on=posted_version(request))
        self.storage.label = drafts.label_from_step(self.definition.step(step), form)
        try:
            self.storage.save()
        except StepChangedElsewhere as exc:
            return self.changed_elsewhere(form, exc)
        drafts.note_edit(self.draft, request.user)
        self.forget_collected()
        if not stored:
            # The step's other answers are saved; the file waits for the storage.
            response = self.render(form)
            response.status_code = 503
            return response
        if goto in form_list:
            # "Vorige", a step in the progress list, or "Berekenen" (the same step, its
            # errors shown): keep what was typed, validated or not.
            if goto == step:
                self.show_errors_next(step)
            self.storage.current_step = goto
            return redirect(self.draft_url())
        if "opslaan" in request.POST:
            # "Opslaan en later verder": keep everything, validated or not.
            messages.success(request, _("Je concept is bewaard. Je kunt later verder gaan."))
            return redirect("forms:drafts")
        if not valid:
            return self.render(form)
        self.drop_hidden_steps()
        self.storage.current_step = self.next_step_after(step)
        return redirect(self.draft_url())

    def changed_elsewhere(self, form, exc):
        """Another tab or device saved this step after this page was shown: keep what
        was saved there, show what was typed here, and let the user decide."""
        self.storage.dirty = False
        self.storage.touched.clear()
        self.storage.versions[exc.step] = exc.version
        form.add_error(
            None,
            _(
                "Deze stap is intussen ergens anders opgeslagen, bijvoorbeeld in een ander "
                "tabblad. Je invoer hieronder is nog niet bewaard: controleer die en sla de "
                "stap opnieuw op."
            ),
        )
        response = self.render(form)
        response.status_code = 409
        return response

    def next_step_after(self, step):
        """The next step; after a "wijzig" from the summary, straight back to the summary
        unless the change made another step (newly shown or now invalid) need attention."""
        if self.storage.extra_data.get("back_to_summary"):
            collected = self.collect()
            pending = [key for key in collected.visible if not collected.valid.get(key)]
            if not pending:
                self.storage.extra_data = {}
                return d.SUMMARY_STEP
            return pending[0]
        return self.get_next_step(step) or d.SUMMARY_STEP

    def keep_uploads(self, step, form):
        """Store the step's new uploads (``services.keep_step_uploads``); False when the
        storage could not take one (its field says so)."""
        kept, complete = services.keep_step_uploads(self.draft, step, form)
        for name, rows in kept.items():
            self.files[(step, name)] = rows
        return complete

    def drop_hidden_steps(self):
        """Data of steps that an answer now hides is neither validated nor stored."""
        visible = set(self.collect().visible)
        hidden = [s.key for s in self.definition.steps if s.key not in visible]
        self.storage.drop_steps(hidden)
        rows = [
            row for (step, _name), found in self.files.items() if step in hidden for row in found
        ]
        if rows:
            services.delete_files(rows)

    def render_done(self, form, **kwargs):
        collected = self.collect()
        for key in collected.visible:
            if not collected.valid.get(key):
                self.storage.current_step = key
                self.show_errors_next(key)
                messages.error(self.request, _("Deze stap is nog niet (goed) ingevuld."))
                return redirect(self.draft_url())
        file_fields = set()
        for key, step_form in collected.forms.items():
            for name, form_field in step_form.fields.items():
                if isinstance(form_field, UploadField):
                    file_fields.add((key, name))
        try:
            submission = services.submit(
                self.draft,
                self.definition,
                collected.answers,
                collected.visible,
                file_fields,
                user=self.request.user,
            )
        except services.HandOffFailed:
            # Everything was rolled back: the draft and its files are still there.
            return TemplateResponse(
                self.request, "forms/submit_failed.html", {"page": self.page}, status=503
            )
        except services.HandOffRefused as refused:
            # Rolled back too; the receiver's own reason, in Dutch, and a 409.
            context = {"page": self.page, "reasons": refused.messages}
            return TemplateResponse(self.request, "forms/submit_refused.html", context, status=409)
        except services.AlreadySubmitted as exc:
            self.storage.deleted = True
            if exc.submission is not None and exc.submission.user_id == self.request.user.pk:
                return redirect(starting.confirmation_url(self.page, exc.submission))
            return redirect(self.page.url)
        self.storage.deleted = True
        return redirect(starting.confirmation_url(self.page, submission))

    # --- rendering -----------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        collected = self.collect()
        current = self.steps.current
        progress = []
        first_open = None
        for number, key in enumerate(self.get_form_list(), start=1):
            done = bool(collected.valid.get(key))
            if not done and first_open is None:
                first_open = key
            progress.append(
                {
                    "number": number,
                    "key": key,
                    "title": self.titles[key],
                    "current": key == current,
                    "done": done,
                    # Every completed step and the first one still to do can be
                    # reached straight away; nothing in between is validated.
                    "reachable": key != current and (done or key == first_open),
                }
            )
        context.update(
            {
                "page": self.page,
                "form_page": self.draft.form_page(),
                "draft": self.draft,
                "step_def": self.definition.step(current),
                "step_version": self.storage.step_version(current),
                "progress": progress,
                "step_number": self.steps.step1,
                "step_count": self.steps.count,
                "prev_step": self.steps.prev,
                "is_summary": current == d.SUMMARY_STEP,
                "layout": getattr(form, "layout", []),
                "has_calculations": any(
                    f.type == d.CALCULATED for f, _names, _hint in getattr(form, "layout", [])
                ),
            }
        )
        if current == d.SUMMARY_STEP:
            context["summary"] = summary_rows(self.definition, collected)
        return context


def posted_version(request):
    """The step version the posted page was based on, or None (old page, no field)."""
    try:
        return int(request.POST.get("step_version", ""))
    except ValueError:
        return None
