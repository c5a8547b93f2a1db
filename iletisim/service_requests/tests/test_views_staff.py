import pytest
from django.urls import reverse

from iletisim.core.models import AuditEntry
from iletisim.service_requests import actions
from iletisim.service_requests.models import ServiceRequest, Status
from iletisim.service_requests.tests.factories import make_request, routed_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_user):
    return make_user("pr_operator", "halkla-iliskiler")


def detail(sr):
    return reverse("service_requests:request-detail", args=[sr.tracking_number])


def action(sr, verb):
    return reverse("service_requests:request-action", args=[sr.tracking_number, verb])


def test_the_desk_sees_every_request_in_its_inbox(client, desk):
    roads = routed_request(desk, unit="fen-isleri")
    animals = routed_request(desk, unit="veteriner", description="Yaralı kedi var")
    client.force_login(desk)
    page = client.get(reverse("service_requests:inbox")).content.decode()
    assert roads.tracking_number in page and animals.tracking_number in page


def test_a_directorate_never_sees_another_directorates_requests(client, desk, make_user):
    roads = routed_request(desk, unit="fen-isleri")
    animals = routed_request(desk, unit="veteriner", description="Yaralı kedi var")
    vet = make_user("unit_staff", "veteriner")
    client.force_login(vet)
    page = client.get(reverse("service_requests:unit-inbox")).content.decode()
    assert animals.tracking_number in page
    assert roads.tracking_number not in page
    assert client.get(detail(roads)).status_code == 403
    assert client.get(reverse("service_requests:inbox")).status_code == 403
    assert client.post(action(roads, "note"), {"text": "x", "version": 1}).status_code == 403


def test_unit_staff_cannot_route_or_publish(client, desk, make_user):
    sr = routed_request(desk)
    staff = make_user("unit_staff", "fen-isleri")
    client.force_login(staff)
    assert client.post(action(sr, "route"), {"unit": 1, "version": sr.version}).status_code == 403
    assert (
        client.post(action(sr, "publish"), {"text": "x", "version": sr.version}).status_code == 403
    )


def test_the_inbox_filters_by_status_and_overdue(client, desk):
    routed = routed_request(desk)
    fresh = make_request()
    client.force_login(desk)
    page = client.get(reverse("service_requests:inbox"), {"status": "received"}).content.decode()
    assert fresh.tracking_number in page and routed.tracking_number not in page
    ServiceRequest.objects.filter(pk=routed.pk).update(due_date="2020-01-01")
    page = client.get(reverse("service_requests:inbox"), {"overdue": "on"}).content.decode()
    assert routed.tracking_number in page and fresh.tracking_number not in page


def test_the_inbox_pages_with_a_cursor(client, desk, monkeypatch):
    from iletisim.service_requests import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [make_request(description=f"çukur {i}") for i in range(3)]
    client.force_login(desk)
    first = client.get(reverse("service_requests:inbox"))
    assert first.context["next_cursor"]
    second = client.get(reverse("service_requests:inbox"), {"after": first.context["next_cursor"]})
    numbers = [r.tracking_number for r in second.context["requests"]]
    assert numbers == [made[0].tracking_number]


def test_the_desk_routes_a_request_with_htmx_and_the_fragment_shows_the_new_status(client, desk):
    from iletisim.accounts.models import Unit

    sr = make_request()
    client.force_login(desk)
    response = client.post(
        action(sr, "route"),
        {"unit": Unit.objects.get(code="fen-isleri").pk, "version": sr.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Yönlendirildi" in response.content.decode()
    assert "<html" not in response.content.decode()
    sr.refresh_from_db()
    assert sr.status == Status.ROUTED
    assert AuditEntry.objects.filter(action="service_requests.request.routed").exists()


def test_a_stale_edit_is_refused_with_a_message(client, desk):
    sr = routed_request(desk)
    client.force_login(desk)
    client.post(action(sr, "draft"), {"text": "ilk", "version": sr.version})
    response = client.post(
        action(sr, "draft"), {"text": "ikinci", "version": sr.version}, follow=True
    )
    assert "başka biri tarafından değiştirildi" in response.content.decode()
    sr.refresh_from_db()
    assert sr.answer_draft == "ilk"


def test_unit_staff_see_the_citizens_contact_masked_until_assigned(client, desk, make_user):
    sr = routed_request(desk, citizen_phone="05321234567")
    staff = make_user("unit_staff", "fen-isleri")
    client.force_login(staff)
    page = client.get(detail(sr)).content.decode()
    assert "05321234567" not in page and "ayse@example.com" not in page
    assert "05•••••••67" in page
    from iletisim.service_requests import actions

    actions.assign_request(sr=sr, assignee=staff, by=desk)
    page = client.get(detail(sr)).content.decode()
    assert "05321234567" in page


def test_the_unit_manager_assigns_to_a_staff_member(client, desk, make_user):
    sr = routed_request(desk)
    manager = make_user("unit_manager", "fen-isleri")
    staff = make_user("unit_staff", "fen-isleri")
    client.force_login(manager)
    client.post(action(sr, "assign"), {"assignee": staff.pk, "version": sr.version})
    sr.refresh_from_db()
    assert sr.assignee == staff and sr.status == Status.IN_PROGRESS


def test_the_desk_records_a_phone_request_with_its_channel(client, desk):
    client.force_login(desk)
    response = client.post(
        reverse("service_requests:request-create"),
        {
            "channel": "phone",
            "type": "complaint",
            "description": "Sokak lambaları yanmıyor",
            "citizen_name": "Ali Çelik",
            "citizen_phone": "05321112233",
            "form_token": "tok",
        },
    )
    sr = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert sr.channel == "phone"
    page = client.get(response["Location"]).content.decode()
    assert "hâlâ okuyor" in page  # the router runs in the worker, a moment later
    actions.propose_unit(request_id=sr.pk)  # what the worker does next
    sr.refresh_from_db()
    assert sr.proposed_unit.code == "diger-kurum"
    page = client.get(response["Location"]).content.decode()
    assert "hâlâ okuyor" not in page and sr.routing_reason in page


def test_attachments_are_served_only_to_those_who_see_the_request(
    client, desk, make_user, settings, tmp_path
):
    from iletisim.service_requests.tests.factories import tiny_pdf
    from iletisim.service_requests.uploads import CleanFile

    settings.MEDIA_ROOT = tmp_path
    sr = routed_request(desk, files=[CleanFile("a.pdf", tiny_pdf(), "application/pdf")])
    attachment = sr.attachments.get()
    url = reverse("service_requests:attachment", args=[sr.tracking_number, attachment.pk])
    client.force_login(make_user("unit_staff", "zabita"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("unit_staff", "fen-isleri"))
    assert client.get(url).status_code == 200


def test_the_dashboard_shows_the_requests_panel(client, desk):
    make_request()
    client.force_login(desk)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Yönlendirme bekleyen" in page


def test_the_menu_offers_the_inbox_to_the_desk_and_the_unit_inbox_to_staff(client, desk, make_user):
    client.force_login(desk)
    assert "Tüm başvurular" in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(make_user("unit_staff", "fen-isleri"))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Müdürlüğümün başvuruları" in page and "Tüm başvurular" not in page


def test_the_desk_routes_several_requests_at_once(client, desk):
    from iletisim.accounts.models import Unit

    first, second = make_request(), make_request()
    client.force_login(desk)
    client.post(
        reverse("service_requests:bulk-route"),
        {
            "numbers": [first.tracking_number, second.tracking_number],
            "unit": Unit.objects.get(code="temizlik-isleri").pk,
        },
    )
    assert set(ServiceRequest.objects.values_list("unit__code", flat=True)) == {"temizlik-isleri"}
    assert AuditEntry.objects.filter(action="service_requests.request.routed").count() == 2


def test_the_dashboard_shows_the_median_time_to_answer_and_satisfaction(client, desk):
    from iletisim.service_requests import actions

    sr = routed_request(desk)
    sr = actions.publish_answer(sr=sr, text="Tamam", by=desk)
    actions.rate_request(sr=sr, rating=5)
    client.force_login(desk)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Memnuniyet (90 gün)" in page
    assert "/ 5 (1)" in page


def test_the_search_finds_turkish_text_typed_without_turkish_letters(client, desk):
    wanted = make_request(description="Bağdat Caddesi'nde ÇUKUR var")
    other = make_request(description="Kaldırım kırık")
    client.force_login(desk)
    page = client.get(reverse("service_requests:inbox"), {"q": "bagdat caddesi"}).content.decode()
    assert wanted.tracking_number in page and other.tracking_number not in page


def test_a_reply_template_fills_the_answer_box(client, desk):
    from iletisim.service_requests.models import ReplyTemplate

    sr = routed_request(desk)
    template = ReplyTemplate.objects.get(title="Yol onarımı yapıldı")
    client.force_login(desk)
    page = client.get(detail(sr)).content.decode()
    assert "Yol onarımı yapıldı" in page and "Çöpler toplandı" not in page
    page = client.get(detail(sr), {"template": template.pk}).content.decode()
    assert "Fen İşleri Müdürlüğü ekiplerimizce onarılmıştır" in page


def test_the_map_lists_only_the_units_own_requests_with_a_position(client, desk, make_user):
    roads = routed_request(desk, latitude="40.987654", longitude="29.036543")
    animals = routed_request(desk, unit="veteriner", latitude="40.98", longitude="29.03")
    client.force_login(make_user("unit_staff", "fen-isleri"))
    response = client.get(reverse("service_requests:map"))
    page = response.content.decode()
    assert roads.tracking_number in page and animals.tracking_number not in page
    assert response.context["map_config"]["points"][0]["lat"] == pytest.approx(40.987654)


def test_the_inbox_costs_the_same_queries_for_three_or_thirty_requests(
    client, desk, django_assert_max_num_queries
):
    for i in range(3):
        make_request(description=f"çukur {i}")
    client.force_login(desk)
    client.get(reverse("service_requests:inbox"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("service_requests:inbox"))
    for i in range(27):
        make_request(description=f"kaldırım {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("service_requests:inbox"))


def test_staff_see_new_work_and_their_assignments_on_the_dashboard(client, desk, make_user):
    from iletisim.service_requests import actions

    staff = make_user("unit_staff", "fen-isleri")
    new = routed_request(desk)
    assigned = routed_request(desk)
    actions.assign_request(sr=assigned, assignee=staff, by=desk)
    elsewhere = routed_request(desk, unit="zabita", description="Seyyar satıcı")
    client.force_login(staff)
    panel = next(
        p
        for p in client.get(reverse("core:dashboard")).context["panels"]
        if p["key"] == "requests-mine"
    )
    assert [r.pk for r in panel["mine"]] == [assigned.pk]
    assert [r.pk for r in panel["new"]] == [new.pk]
    assert elsewhere.pk not in [r.pk for r in panel["new"]]


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(client, desk):
    sr = make_request()
    client.force_login(desk)
    response = client.post(action(sr, "close"), {"version": sr.version}, follow=True)
    assert "mevcut durumunda yapılamaz" in response.content.decode()
    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED
