"""The default organisation of a district municipality (codes are fixed; see DOMAIN.md).

Admins may rename units and add new ones; the codes stay, because integrations, routing
rules and tests refer to them. Re-running keeps existing names (update_or_create only
fills units that are missing).
"""

from django.db import migrations

MUNICIPALITY = ("belediye", "Belediye Başkanlığı", "Municipality", "")

DIRECTORATES = [
    ("basin-halkla-iliskiler", "Basın Yayın ve Halkla İlişkiler Müdürlüğü", "Press, Publication and Public Relations Directorate",
     "merkezi masa (Beyaz Masa), teşekkür, iletişim hakkında genel geri bildirim, gazetecilerin talepleri, basın bülteni, tanıtım"),
    ("ozel-kalem", "Özel Kalem Müdürlüğü", "Mayor's Office",
     "başkanla görüşme randevusu, ziyaret, onaylar, protokol"),
    ("fen-isleri", "Fen İşleri Müdürlüğü", "Technical Works Directorate",
     "yol, asfalt, yama, çukur, kaldırım, bordür, merdiven, yol çalışması, yağmur suyu ızgarası, rögar kapağı"),
    ("temizlik-isleri", "Temizlik İşleri Müdürlüğü", "Cleaning Services Directorate",
     "çöp toplama, konteyner, sokak süpürme, moloz ve hacimli atık, geri dönüşüm, cadde yıkama"),
    ("park-bahceler", "Park ve Bahçeler Müdürlüğü", "Parks and Gardens Directorate",
     "park, çocuk oyun alanı, ağaç, budama, yeşil alan, çim, park mobilyası, bank, spor aleti"),
    ("zabita", "Zabıta Müdürlüğü", "Municipal Police Directorate",
     "seyyar satıcı, kaldırım işgali, işyeri gürültüsü, fiyat etiketi, ruhsatsız işyeri, dilencilik, izinsiz afiş"),
    ("imar-sehircilik", "İmar ve Şehircilik Müdürlüğü", "Zoning and Urban Planning Directorate",
     "imar planı, imar durumu belgesi, yapı ruhsatı, sokak adı, kapı numarası, numarataj"),
    ("yapi-kontrol", "Yapı Kontrol Müdürlüğü", "Building Control Directorate",
     "kaçak yapı, riskli bina, çökme tehlikesi, inşaat alanı güvenliği, iskele"),
    ("veteriner", "Veteriner İşleri Müdürlüğü", "Veterinary Services Directorate",
     "sokak hayvanı, yaralı hayvan, barınak, sahiplendirme, hayvan ısırması, kuduz"),
    ("cevre-koruma", "Çevre Koruma ve Kontrol Müdürlüğü", "Environmental Protection Directorate",
     "hava kirliliği, su kirliliği, gürültü (işyeri dışı), haşere ve sivrisinek ilaçlama, koku"),
    ("sosyal-yardim", "Sosyal Yardım İşleri Müdürlüğü", "Social Assistance Directorate",
     "gıda yardımı, yakacak yardımı, nakdi yardım, evde bakım, engelli vatandaş desteği"),
    ("kultur-sosyal", "Kültür ve Sosyal İşler Müdürlüğü", "Culture and Social Affairs Directorate",
     "kültürel etkinlik, konser, kurs, kütüphane, gençlik merkezi, tiyatro"),
    ("mali-hizmetler", "Mali Hizmetler Müdürlüğü", "Financial Services Directorate",
     "emlak vergisi, çevre temizlik vergisi, ödeme, iade, borç sorgulama"),
    ("bilgi-islem", "Bilgi İşlem Müdürlüğü", "Information Technology Directorate",
     "web sitesi, e-belediye, mobil uygulama, ücretsiz kablosuz internet"),
    ("insan-kaynaklari", "İnsan Kaynakları ve Eğitim Müdürlüğü", "Human Resources and Training Directorate",
     "iş başvurusu, staj, personel belgeleri"),
    ("ulasim-hizmetleri", "Ulaşım Hizmetleri Müdürlüğü", "Transport Services Directorate",
     "hız kesici, trafik levhası, yol çizgisi, belediye otoparkı"),
]

SUB_UNITS = [
    ("basin-yayin", "Basın Yayın Birimi", "Press and Publication Unit", "basin-halkla-iliskiler",
     "basın takibi, basın özeti, basın bülteni, açıklama, duyuru, tekzip, tanıtım, belgesel, gazeteci talepleri"),
    ("halkla-iliskiler", "Halkla İlişkiler Birimi", "Public Relations Unit", "basin-halkla-iliskiler",
     "vatandaş şikayet, öneri ve talepleri, Beyaz Masa, Alo 153, katılım, bilgilendirme"),
]

EXTERNAL = ("diger-kurum", "Diğer Kurumlar (belediye dışı)", "Other bodies (outside the municipality)",
            "su ve kanalizasyon idaresi, elektrik ve doğalgaz dağıtım şirketleri, büyükşehir otobüsleri, emniyet, okullar")


def create_units(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")

    def ensure(code, name, name_en, kind, subjects, parent=None, position=0):
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "subjects": subjects,
                "parent": parent,
                "position": position,
            },
        )
        return unit

    root = ensure(*MUNICIPALITY[:3], "municipality", MUNICIPALITY[3])
    by_code = {}
    for position, (code, name, name_en, subjects) in enumerate(DIRECTORATES, start=1):
        by_code[code] = ensure(code, name, name_en, "directorate", subjects, root, position)
    for position, (code, name, name_en, parent, subjects) in enumerate(SUB_UNITS, start=1):
        ensure(code, name, name_en, "sub_unit", subjects, by_code[parent], position)
    ensure(*EXTERNAL[:3], "external", EXTERNAL[3], None, 999)


# Idempotent: tests that flush the database run it again (iletisim.lib.testing.migration_data).
create_units.reapply_after_flush = True


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_units, migrations.RunPython.noop)]
