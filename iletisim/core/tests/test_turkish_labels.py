"""Form labels built from model field names keep the dotted capital İ in Turkish."""

from __future__ import annotations

from django.apps import apps
from django.forms import modelform_factory
from django.utils import translation
from django.utils.functional import Promise


def test_a_field_named_in_lower_case_gets_a_dotted_capital_in_its_turkish_label() -> None:
    outlet = apps.get_model("monitoring", "Outlet")
    form_class = modelform_factory(outlet, fields=["city", "district"])
    with translation.override("tr"):
        labels = [str(field.label) for field in form_class().fields.values()]
    assert labels == ["İl", "İlçe"]


def test_no_model_field_label_starts_with_an_undotted_capital_i_in_turkish() -> None:
    wrong = []
    with translation.override("tr"):
        for model in apps.get_models():
            if not model.__module__.startswith("iletisim."):
                continue
            for field in model._meta.get_fields():
                name = getattr(field, "verbose_name", None)
                if not isinstance(name, Promise):  # not translated: English, "Item" is right
                    continue
                label = str(name)
                if label.startswith("i"):  # capfirst would make it "I…"
                    wrong.append(f"{model._meta.label}.{field.name}: {label}")
    assert wrong == []
