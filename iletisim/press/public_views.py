"""The press room (basın odası): the public archive, one page per item, the feed, the press
contacts, the accreditation form and the one-click unsubscribe endpoint."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from iletisim.accounts.models import Unit, User
from iletisim.accounts.roles import Role
from iletisim.core.audit import client_ip
from iletisim.lib.ratelimit import over_limit
from iletisim.press import actions, clicks, distribution
from iletisim.press.access import parse_id
from iletisim.press.content import search_words
from iletisim.press.forms import AccreditationForm, ArchiveFilterForm
from iletisim.press.models import Communication, CommunicationQuerySet, Kind, PressRequest

PAGE_SIZE = 20
PUBLIC_KINDS = [Kind.RELEASE, Kind.STATEMENT, Kind.ANNOUNCEMENT, Kind.INVITATION]
CLICKS_PER_MINUTE = 30  # counted per address; a reader clicks a few links, not dozens
ACCREDITATION_LIMIT = 5  # per address per hour


def _public() -> CommunicationQuerySet:
    return Communication.objects.public().filter(kind__in=PUBLIC_KINDS)


def archive(request: HttpRequest) -> HttpResponse:
    form = ArchiveFilterForm(request.GET or None)
    items = _public()
    if form.is_valid():
        for word in search_words(form.cleaned_data["q"]):
            items = items.filter(search_text__contains=word)
        if form.cleaned_data["kind"]:
            items = items.filter(kind=form.cleaned_data["kind"])
    before = request.GET.get("before", "")
    if (before_id := parse_id(before)) is not None:
        items = items.filter(id__lt=before_id)
    page = list(items.order_by("-id")[: PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "press/public/archive.html",
        {
            "form": form,
            "items": page[:PAGE_SIZE],
            "next_before": page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None,
            "query": query.urlencode(),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = _public().filter(slug=slug).first()
    if item is None:
        raise Http404
    return render(
        request,
        "press/public/detail.html",
        {"item": item, "photos": item.photos.all(), "documents": item.documents.all()},
    )


def press_contacts(request: HttpRequest) -> HttpResponse:
    officers = (
        User.objects.filter(is_active=True, memberships__role=Role.PRESS_OFFICER)
        .distinct()
        .order_by("full_name")
    )
    directorate = Unit.objects.filter(code="basin-halkla-iliskiler").first()
    return render(
        request,
        "press/public/contacts.html",
        {
            "officers": officers,
            "directorate": directorate,
            "phone": settings.DIRECTORATE_PHONE,
            "email": settings.DIRECTORATE_EMAIL,
        },
    )


def accreditation(request: HttpRequest) -> HttpResponse:
    form = AccreditationForm(request.POST or None)
    if request.method == "POST":
        if over_limit(f"press:accreditation:{client_ip(request)}", ACCREDITATION_LIMIT):
            return render(
                request,
                "press/public/accreditation.html",
                {"form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            if not form.cleaned_data["website"]:  # the honeypot: people leave it empty
                data = {k: form.cleaned_data[k] for k in ("full_name", "email", "phone", "message")}
                data["outlet_name"] = form.cleaned_data["outlet"]
                actions.receive_press_request(
                    data=data,
                    kind=PressRequest.RequestKind.ACCREDITATION,
                    channel=PressRequest.Channel.PRESS_ROOM,
                )
            messages.success(request, _("Thank you. The press office will answer you by e-mail."))
            return redirect("press_public:archive")
    return render(request, "press/public/accreditation.html", {"form": form})


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the check
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    recipient = distribution.recipient_from_token(token)
    if recipient is None:
        raise Http404
    if request.method == "POST":
        distribution.unsubscribe(recipient=recipient)
        return render(request, "press/public/unsubscribed.html", {})
    return render(request, "press/public/unsubscribe.html", {"token": token})


def click(request: HttpRequest, token: str) -> HttpResponse:
    """A tracked link of a distribution (only when click tracking is on): counts the click
    and goes on to the signed address; anything else is a 404, never a redirect."""
    found = clicks.resolve(token)
    if found is None:
        raise Http404
    recipient_id, url = found
    # Past the limit the reader still gets where the link goes; the click is just not
    # counted, so a script cannot inflate the report or load the database.
    if not over_limit(f"press:click:{client_ip(request)}", CLICKS_PER_MINUTE, per=60):
        clicks.record_click(recipient_id=recipient_id)
    return HttpResponseRedirect(url)


class LatestFeed(Feed):
    title = gettext_lazy("Press room")
    description = gettext_lazy("Press releases, statements and announcements")

    def link(self) -> str:
        return reverse("press_public:archive")

    def items(self) -> list[Communication]:
        return list(_public().order_by("-published_at", "-id")[:30])

    def item_title(self, item: Communication) -> str:
        return item.title

    def item_description(self, item: Communication) -> str:
        return item.lead

    def item_link(self, item: Communication) -> str:
        return reverse("press_public:detail", args=[item.slug])

    def item_pubdate(self, item: Communication) -> object:
        return item.embargo_until or item.published_at

    def item_guid(self, item: Communication) -> str:
        return f"{settings.SITE_URL}/basin-odasi/{item.pk}"

    item_guid_is_permalink = False


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description
