"""What a news item is about: six topics from a classifier trained on TTC-3600, and the
three groups of the press summary.

    classify(text) -> Prediction(label="ekonomi", group="economic", confidence=0.81)

The model is trained from the committed data on first use and cached under var/ (see
`model.py`); nothing trained is kept in git.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from iletisim.monitoring.topic.model import (
    Prediction,
    TopicModel,
    classify,
    classify_many,
    get_model,
)

LABELS = {
    "siyaset": _("Politics"),
    "ekonomi": _("Economy"),
    "kultur-sanat": _("Culture and arts"),
    "saglik": _("Health"),
    "spor": _("Sports"),
    "teknoloji": _("Technology"),
}

# The press summary groups the news into political, economic and social. Technology news is
# mostly about companies, products and markets, so it counts as economic.
GROUPS = {
    "political": _("Political"),
    "economic": _("Economic"),
    "social": _("Social"),
}
GROUP_OF = {
    "siyaset": "political",
    "ekonomi": "economic",
    "teknoloji": "economic",
    "kultur-sanat": "social",
    "saglik": "social",
    "spor": "social",
}

__all__ = [
    "GROUPS",
    "GROUP_OF",
    "LABELS",
    "Prediction",
    "TopicModel",
    "classify",
    "classify_many",
    "get_model",
]
