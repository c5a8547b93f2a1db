import pytest
from django.db import IntegrityError

from iletisim.accounts.models import Unit
from iletisim.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOMAIN_CODES = {
    "basin-halkla-iliskiler",
    "ozel-kalem",
    "fen-isleri",
    "temizlik-isleri",
    "park-bahceler",
    "zabita",
    "imar-sehircilik",
    "yapi-kontrol",
    "veteriner",
    "cevre-koruma",
    "sosyal-yardim",
    "kultur-sosyal",
    "mali-hizmetler",
    "bilgi-islem",
    "insan-kaynaklari",
    "ulasim-hizmetleri",
    "diger-kurum",
}


def test_a_fresh_install_has_the_default_organisation():
    codes = set(Unit.objects.values_list("code", flat=True))
    assert codes >= DOMAIN_CODES
    assert Unit.objects.get(code="basin-yayin").parent.code == "basin-halkla-iliskiler"
    assert Unit.objects.get(code="diger-kurum").kind == Unit.Kind.EXTERNAL
    assert Unit.objects.get(code="fen-isleri").parent.code == "belediye"
    assert "asfalt" in Unit.objects.get(code="fen-isleri").subjects


def test_unit_names_follow_the_interface_language():
    from django.utils import translation

    unit = Unit.objects.get(code="zabita")
    assert unit.display_name == "Zabıta Müdürlüğü"
    with translation.override("en"):
        assert unit.display_name == "Municipal Police Directorate"


def test_two_users_cannot_share_an_email_address_in_any_case():
    UserFactory(email="ayse@belediye.example")
    with pytest.raises(IntegrityError):
        UserFactory(email="AYSE@belediye.example")


def test_many_users_may_have_no_email_address():
    UserFactory(email="")
    UserFactory(email="")


def test_renaming_a_unit_is_audited_and_its_code_cannot_change():
    from iletisim.accounts import actions
    from iletisim.core.models import AuditEntry

    unit = Unit.objects.get(code="zabita")
    unit.name = "Zabıta ve Denetim Müdürlüğü"
    actions.save_unit(by=None, unit=unit)
    entry = AuditEntry.objects.get(action="accounts.unit.renamed")
    assert entry.data["name"] == ["Zabıta Müdürlüğü", "Zabıta ve Denetim Müdürlüğü"]
    unit.code = "zabita-yeni"
    with pytest.raises(ValueError, match="code cannot change"):
        actions.save_unit(by=None, unit=unit)
    assert Unit.objects.filter(code="zabita").exists()
