"""Small Turkish pages and feeds for the loopback server."""

from __future__ import annotations

from xml.sax.saxutils import escape

PARAGRAPHS = [
    "Büyükşehir Belediyesi, Kadıköy sahilinde başlattığı düzenleme çalışmalarının yaz sonunda "
    "tamamlanacağını açıkladı. Çalışmalar kapsamında yürüyüş yolları yenileniyor.",
    "Belediye Başkanı, sahil boyunca yeni bisiklet yollarının da yapılacağını ve ağaçlandırma "
    "çalışmalarının mahalle sakinleriyle birlikte planlandığını söyledi.",
    "Projenin ikinci aşamasında çocuk oyun alanları ve spor tesislerinin elden geçirileceği, "
    "engelli erişimine uygun düzenlemelerin öncelik taşıyacağı belirtildi.",
    "Mahalle muhtarları, uzun süredir beklenen düzenlemenin ilçeye değer katacağını ifade ederek "
    "belediyeye teşekkür etti.",
]


def article(title: str, paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="tr"><head><meta charset="{charset}"><title>{escape(title)}</title>'
        '<meta property="article:published_time" content="2026-11-25T09:00:00+03:00"></head>'
        '<body><header><nav><a href="/">Anasayfa</a> <a href="/gundem">Gündem</a></nav></header>'
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>"
        "<footer>Tüm hakları saklıdır.</footer></body></html>"
    )


def rss(server, entries: list[tuple[str, str]], guid: str | None = None) -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{server.url(path)}</link>"
        f"<guid>{escape(guid or server.url(path))}</guid>"
        "<pubDate>Wed, 25 Nov 2026 09:00:00 +0300</pubDate></item>"
        for path, title in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Haberler</title>'
        f"{items}</channel></rss>"
    ).encode()


def html_response(text: str, charset: str = "utf-8"):
    return 200, {"Content-Type": f"text/html; charset={charset}"}, text.encode(charset)
