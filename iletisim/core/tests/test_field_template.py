"""The shared form field template (`includes/field.html`): every field is labelled, help and
errors are the ones its `aria-describedby` names, a group of choices is a fieldset."""

import re

from django import forms
from django.template.loader import render_to_string


class SampleForm(forms.Form):
    title = forms.CharField(label="Başlık", help_text="En çok 200 karakter.")
    notify = forms.BooleanField(label="Bildir", help_text="E-posta ile.", required=True)
    units = forms.MultipleChoiceField(
        label="Birimler",
        choices=[("a", "Fen İşleri"), ("b", "Zabıta")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Birden çok seçilebilir.",
    )


def render(form: forms.Form) -> str:
    return "".join(render_to_string("includes/field.html", {"field": field}) for field in form)


def test_every_description_a_field_points_to_is_on_the_page():
    html = render(SampleForm(data={"title": "", "units": ["x"]}))

    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = {
        i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()
    }
    assert described  # help texts and errors are announced
    assert described <= ids


def test_a_checkbox_stands_before_its_label_and_a_group_of_choices_is_a_fieldset():
    html = render(SampleForm())

    assert re.search(
        r'<input type="checkbox" name="notify"[^>]*>\s*<label for="id_notify">Bildir', html
    )
    assert re.search(r"<fieldset[^>]*>\s*<legend>Birimler", html)
    assert 'for=""' not in html


def test_a_hidden_field_shows_no_label():
    class Hidden(forms.Form):
        mailer = forms.CharField(label="Gönderim yolu", widget=forms.HiddenInput, initial="smtp")

    html = render(Hidden())

    assert "Gönderim yolu" not in html
    assert '<input type="hidden" name="mailer" value="smtp"' in html
