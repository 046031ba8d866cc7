"""Public newsletter views: subscribe, confirm, unsubscribe and change lists.

No login anywhere: the confirmation, unsubscribe and manage links carry an
unguessable token instead. The answers never tell whether an address is known.
Only the unsubscribe view is exempt from CSRF, because mail clients POST to it
for a one-click unsubscribe (RFC 8058); its token is its authentication and the
worst a forged request can do is what the link itself does.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.operations import outbox
from cms.security import ratelimit

from . import subscriptions as subscriptions
from .forms import ManageListsForm, SubscribeForm
from .models import NewsletterList, NewsletterSend, Subscriber, Subscription
from .tasks import send_confirmation

TOKEN_MAX_LENGTH = 64


def _invalid_link(request, status=404):
    return render(request, "content/newsletter/invalid_link.html", status=status)


def _subscriber(token):
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return Subscriber.objects.filter(token=token).first()


def _active_lists(subscriber):
    return list(
        NewsletterList.objects.filter(
            subscriptions__subscriber=subscriber,
            subscriptions__status=Subscription.Status.ACTIVE,
        )
    )


def _open_lists(subscriber):
    """Active lists and lists still waiting for confirmation: the unsubscribe link in
    the confirmation mail must be able to withdraw a request that is not confirmed yet."""
    return list(
        NewsletterList.objects.filter(
            subscriptions__subscriber=subscriber,
            subscriptions__status__in=[Subscription.Status.ACTIVE, Subscription.Status.PENDING],
        )
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST" and not ratelimit.allow_client("newsletter_ip", request):
        return ratelimit.too_many_requests(request, "newsletter_ip")
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = subscriptions.normalise_email(form.cleaned_data["email"])
        if not ratelimit.allow("newsletter_address", email):
            return ratelimit.too_many_requests(request, "newsletter_address")
        subscriber, needs_confirmation = subscriptions.request_subscription(
            email, form.cleaned_data["lists"], form.cleaned_data["name"]
        )
        if needs_confirmation:
            # One confirmation mail per address per window, decided before anything is
            # queued; a later list joins the link of the mail already sent.
            if ratelimit.first_in_window("newsletter_confirmation", email):
                outbox.enqueue(send_confirmation, subscriber.pk)
            else:
                subscriptions.join_outstanding_confirmation(subscriber)
        # The same answer whether or not the address was known or already active.
        return redirect("newsletter:subscribe_done")
    status = 400 if form.is_bound else 200
    return render(request, "content/newsletter/subscribe.html", {"form": form}, status=status)


def subscribe_done(request):
    return render(request, "content/newsletter/subscribe_done.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    pending = list(subscriptions.pending_for_token(token[:TOKEN_MAX_LENGTH]))
    if not pending:
        return _invalid_link(request)
    if request.method == "POST":
        confirmed = subscriptions.confirm(token)
        if not confirmed:
            return _invalid_link(request)
        # That mail is used: a new request may get its own mail straight away.
        ratelimit.reset("newsletter_confirmation", confirmed[0].subscriber.email)
        return render(
            request,
            "content/newsletter/confirmed.html",
            {
                "lists": [s.newsletter_list for s in confirmed],
                "manage_token": confirmed[0].subscriber.token,
            },
        )
    return render(
        request, "content/newsletter/confirm.html", {"lists": [s.newsletter_list for s in pending]}
    )


def _send_from_query(request):
    value = request.GET.get("verzending", "")
    if not value.isdigit():
        return None
    return NewsletterSend.objects.filter(pk=int(value)).first()


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = _subscriber(token)
    if subscriber is None:
        return _invalid_link(request)
    send = _send_from_query(request)
    lists = list(send.lists.all()) if send else None
    if request.method == "POST":
        if request.POST.get("alle"):
            lists = None
        left = subscriptions.unsubscribe(subscriber, lists, send)
        return render(
            request,
            "content/newsletter/unsubscribed.html",
            {"left": left, "remaining": _active_lists(subscriber), "token": subscriber.token},
        )
    active = _open_lists(subscriber)
    targets = [lst for lst in active if lists is None or lst in lists]
    return render(
        request,
        "content/newsletter/unsubscribe.html",
        {
            "targets": targets,
            "others": [lst for lst in active if lst not in targets],
            "token": subscriber.token,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscriber = _subscriber(token)
    if subscriber is None:
        return _invalid_link(request)
    current = subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED)
    initial = {"lists": [s.newsletter_list_id for s in current]}
    form = ManageListsForm(request.POST or None, subscriber=subscriber, initial=initial)
    if request.method == "POST" and form.is_valid():
        left, joining = subscriptions.change_lists(subscriber, form.cleaned_data["lists"])
        if joining:
            outbox.enqueue(send_confirmation, subscriber.pk)
        return render(
            request,
            "content/newsletter/manage_done.html",
            {"left": left, "joining": joining, "token": subscriber.token},
        )
    pending = [s.newsletter_list for s in current if s.status == Subscription.Status.PENDING]
    return render(
        request,
        "content/newsletter/manage.html",
        {"form": form, "pending": pending, "title": _("Kies je nieuwsbrieven")},
        status=400 if form.is_bound else 200,
    )
