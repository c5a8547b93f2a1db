"""A few reply templates the desk starts from; admins edit and add more."""

from django.db import migrations

TEMPLATES = [
    (None, "Çalışma tamamlandı",
     "Sayın vatandaşımız,\n\nBaşvurunuz üzerine ekiplerimiz yerinde inceleme yapmış ve gerekli çalışmayı tamamlamıştır. İlginiz için teşekkür ederiz.\n\nSaygılarımızla."),
    (None, "Çalışma programına alındı",
     "Sayın vatandaşımız,\n\nBaşvurunuz incelenmiş ve talebiniz ilgili müdürlüğün çalışma programına alınmıştır. Çalışma tamamlandığında tarafınıza bilgi verilecektir.\n\nSaygılarımızla."),
    (None, "Belediyenin görev alanı dışında",
     "Sayın vatandaşımız,\n\nBaşvurunuzun konusu belediyemizin görev alanı dışında kaldığından, 3071 sayılı Dilekçe Hakkının Kullanılmasına Dair Kanun'un 5. maddesi uyarınca yetkili kuruma gönderilmiştir.\n\nSaygılarımızla."),
    ("yol-cukur", "Yol onarımı yapıldı",
     "Sayın vatandaşımız,\n\nBelirttiğiniz noktadaki yol hasarı Fen İşleri Müdürlüğü ekiplerimizce onarılmıştır. Duyarlılığınız için teşekkür ederiz.\n\nSaygılarımızla."),
    ("cop-toplama", "Çöpler toplandı",
     "Sayın vatandaşımız,\n\nBildiriminiz üzerine bölgedeki atıklar Temizlik İşleri Müdürlüğü ekiplerimizce toplanmış, toplama programı gözden geçirilmiştir.\n\nSaygılarımızla."),
]


def create(apps, schema_editor):
    Category = apps.get_model("service_requests", "Category")
    ReplyTemplate = apps.get_model("service_requests", "ReplyTemplate")
    for code, title, body in TEMPLATES:
        category = Category.objects.filter(code=code).first() if code else None
        ReplyTemplate.objects.get_or_create(title=title, defaults={"body": body, "category": category})


create.reapply_after_flush = True


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0003_search_text")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
