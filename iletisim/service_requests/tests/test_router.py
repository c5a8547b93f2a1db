import pytest

from iletisim.service_requests.router import get_router, token_matches

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "token", "matches"),
    [
        ("cukur", "cukurlari", True),  # suffix
        ("sokak", "sokagi", True),  # consonant softening
        ("kopek", "kopegi", True),
        ("konteyner", "konteynir", True),  # one typo
        ("cop", "copler", True),  # short key with a suffix
        ("kar", "karanlik", False),  # short key is not any prefix
        ("kirli", "kirik", False),  # a cut-off prefix is not a typo
    ],
)
def test_keyword_tokens_match_turkish_forms_and_typos_but_not_lookalikes(key, token, matches):
    assert token_matches(key, token) is matches


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("SOKAGIMIZDA COK BUYUK BIR CUKUR VAR ARABALAR ZARAR GORUYOR", "fen-isleri"),
        ("konteynir tasiyo kimse bosaltmiyo", "temizlik-isleri"),
        ("There is a huge pothole in front of my house", "fen-isleri"),
        ("Stray dogs are chasing the children", "veteriner"),
        ("iki gündür sular yok", "diger-kurum"),
    ],
)
def test_the_cold_start_router_routes_informal_text_on_a_fresh_install(text, unit):
    proposal = get_router().route(text)
    assert proposal.unit == unit
    assert proposal.reason


def test_a_text_nothing_matches_goes_to_the_desk_with_no_confidence():
    proposal = get_router().route("merhaba")
    assert proposal.unit == "basin-halkla-iliskiler"
    assert proposal.confidence == 0


def test_a_desk_rule_wins_and_says_so():
    from iletisim.accounts.models import Unit
    from iletisim.service_requests.models import Neighbourhood, RoutingRule

    fikirtepe = Neighbourhood.objects.get(name="Fikirtepe")
    RoutingRule.objects.create(
        neighbourhood=fikirtepe, keyword="kentsel", unit=Unit.objects.get(code="imar-sehircilik")
    )
    proposal = get_router().route("kentsel dönüşüm binası", neighbourhood_id=fikirtepe.pk)
    assert proposal.unit == "imar-sehircilik"
    assert proposal.reason.startswith("rule") or proposal.reason.startswith("kural")
    assert get_router().route("kentsel dönüşüm binası").unit == "yapi-kontrol"
