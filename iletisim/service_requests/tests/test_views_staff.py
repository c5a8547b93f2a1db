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


def test_the_desk_assigns_several_requests_at_once_and_is_told_which_could_not_be(
    client, desk, make_user
):
    roads_one, roads_two = routed_request(desk), routed_request(desk)
    animals = routed_request(desk, unit="veteriner", description="Yaralı kedi var")
    engineer = make_user("unit_staff", "fen-isleri")
    client.force_login(desk)
    inbox = client.get(reverse("service_requests:inbox")).content.decode()
    assert 'name="assignee"' in inbox
    response = client.post(
        reverse("service_requests:bulk-assign"),
        {
            "numbers": [
                roads_one.tracking_number,
                roads_two.tracking_number,
                animals.tracking_number,
            ],
            "assignee": engineer.pk,
        },
        follow=True,
    )
    assigned = set(ServiceRequest.objects.filter(assignee=engineer).values_list("pk", flat=True))
    assert assigned == {roads_one.pk, roads_two.pk}
    page = response.content.decode()
    assert "2 başvuru atandı." in page
    assert f"Atanamayanlar: {animals.tracking_number}" in page  # another directorate
    assert AuditEntry.objects.filter(action="service_requests.request.assigned").count() == 2


def test_a_unit_manager_assigns_in_bulk_only_within_the_unit_and_staff_cannot(
    client, desk, make_user
):
    roads = routed_request(desk)
    manager = make_user("unit_manager", "fen-isleri")
    engineer = make_user("unit_staff", "fen-isleri")
    client.force_login(engineer)
    assert (
        'name="assignee"' not in client.get(reverse("service_requests:unit-inbox")).content.decode()
    )
    client.post(
        reverse("service_requests:bulk-assign"),
        {"numbers": [roads.tracking_number], "assignee": engineer.pk},
    )
    roads.refresh_from_db()
    assert roads.assignee is None
    client.force_login(manager)
    page = client.get(reverse("service_requests:unit-inbox")).content.decode()
    assert 'name="assignee"' in page and 'name="unit"' not in page.split('id="bulk"')[1]
    client.post(
        reverse("service_requests:bulk-assign"),
        {"numbers": [roads.tracking_number], "assignee": engineer.pk},
    )
    roads.refresh_from_db()
    assert roads.assignee == engineer and roads.status == Status.IN_PROGRESS


def test_the_dashboard_shows_the_median_time_to_answer_and_satisfaction(client, desk):
    from iletisim.service_requests import actions

    sr = routed_request(desk)
    sr = actions.publish_answer(sr=sr, text="Tamam", by=desk)
    actions.rate_request(sr=sr, rating=5)
    client.force_login(desk)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Memnuniyet (90 gün)" in page
    assert "/ 5 (1)" in page


def test_the_dashboard_shows_time_to_answer_and_satisfaction_per_directorate(
    client, desk, time_machine
):
    import datetime as dt
    import re

    from iletisim.service_requests import actions

    time_machine.move_to(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    roads = routed_request(desk, unit="fen-isleri")
    waste = routed_request(desk, unit="temizlik-isleri", description="Çöp alınmadı")
    time_machine.move_to(dt.datetime(2026, 11, 4, 10, 0, tzinfo=dt.UTC), tick=False)
    actions.rate_request(sr=actions.publish_answer(sr=roads, text="Onarıldı", by=desk), rating=2)
    time_machine.move_to(dt.datetime(2026, 11, 8, 10, 0, tzinfo=dt.UTC), tick=False)
    actions.rate_request(sr=actions.publish_answer(sr=waste, text="Alındı", by=desk), rating=5)
    client.force_login(desk)
    page = client.get(reverse("core:dashboard")).content.decode()
    rows = {
        name: cells
        for name, cells in re.findall(r"<tr><td>([^<]+)</td>(.*?)</tr>", page)
        if "Müdürlüğü" in name
    }
    roads_row, waste_row = rows["Fen İşleri Müdürlüğü"], rows["Temizlik İşleri Müdürlüğü"]
    assert "2,0 gün" in roads_row and "2,0 / 5 (1)" in roads_row
    assert "<td>1</td>" in roads_row  # the unhappy rating reopened it: open again
    assert "6,0 gün" in waste_row and "5,0 / 5 (1)" in waste_row


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


def test_work_due_within_two_working_days_is_flagged_on_the_dashboard(client, desk, make_user):
    import datetime as dt

    from django.utils import timezone

    from iletisim.service_requests import actions

    staff = make_user("unit_staff", "fen-isleri")
    urgent = actions.assign_request(sr=routed_request(desk), assignee=staff, by=desk)
    calm = actions.assign_request(sr=routed_request(desk), assignee=staff, by=desk)
    ServiceRequest.objects.filter(pk=urgent.pk).update(due_date=timezone.localdate())
    ServiceRequest.objects.filter(pk=calm.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=20)
    )
    client.force_login(staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    lines = {
        n: page.split(f">{n}</a>")[1].split("</li>")[0]
        for n in (urgent.tracking_number, calm.tracking_number)
    }
    assert "süresi yaklaşıyor" in lines[urgent.tracking_number]
    assert "süresi yaklaşıyor" not in lines[calm.tracking_number]


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(client, desk):
    sr = make_request()
    client.force_login(desk)
    response = client.post(action(sr, "close"), {"version": sr.version}, follow=True)
    assert "mevcut durumunda yapılamaz" in response.content.decode()
    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED


def test_the_desk_sends_a_draft_back_to_the_directorate_with_a_note(client, desk, make_user):
    from iletisim.service_requests import actions

    staff = make_user("unit_staff", "fen-isleri")
    sr = actions.draft_answer(sr=routed_request(desk), text="Bakılacak.", by=staff)
    client.force_login(staff)
    assert (
        client.post(action(sr, "return"), {"text": "x", "version": sr.version}).status_code == 403
    )
    client.force_login(desk)
    page = client.get(detail(sr)).content.decode()
    assert "Taslağı bu notla geri gönder" in page
    client.post(action(sr, "return"), {"text": "Tarih verin.", "version": sr.version})
    sr.refresh_from_db()
    assert sr.status == Status.IN_PROGRESS and sr.answer_draft == "Bakılacak."
    line = sr.updates.get(status_to=Status.IN_PROGRESS, text="Tarih verin.")
    assert not line.is_public  # the citizen does not see the desk's remark
    assert AuditEntry.objects.filter(action="service_requests.request.draft_returned").exists()
