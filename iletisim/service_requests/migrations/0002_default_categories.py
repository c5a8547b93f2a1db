"""The default service catalogue of a district municipality and its neighbourhoods.

Every category names the directorate that handles it (unit codes are fixed, see
accounts/0002) and the words citizens use for it: the router works from these on day one.
A keyword may carry a weight ("teşekkür:0.4"): words that also close ordinary complaints
("şimdiden teşekkürler") must not outweigh the subject. Existing rows are left as admins
edited them.
"""

from django.db import migrations

# code, name, name_en, unit, target working days, keywords, competent body (outside bodies)
CATEGORIES = [
    # Fen İşleri
    ("yol-cukur", "Yolda çukur ve bozuk asfalt", "Potholes and broken asphalt", "fen-isleri", 10,
     "çukur, asfalt, yama, bozuk yol, yol bozuk, yol çökmüş, göçük, çökme yol, tümsek, stabilize, yol yapılsın, sokak asfalt, parke taşı, kilit taşı, arnavut kaldırımı, yol yapım, toprak yol, çamur yol, bozulmuş yol, delik yol, yol:0.5, yollar:0.5", ""),
    ("kaldirim", "Kaldırım ve bordür onarımı", "Pavements and kerbs", "fen-isleri", 15,
     "kaldırım, bordür, kaldırım taşı, kırık kaldırım, engelli rampası, rampa, yaya yolu, kaldırım yüksek, kaldırım yok", ""),
    ("merdiven", "Merdiven ve korkuluk", "Public stairs and railings", "fen-isleri", 15,
     "merdiven, basamak, korkuluk, tırabzan, merdivenler", ""),
    ("yagmur-suyu", "Yağmur suyu ızgarası ve rögar kapağı", "Storm drains and manhole covers", "fen-isleri", 7,
     "ızgara, mazgal, rögar, rögar kapağı, logar, su birikintisi, göllenme, yağmur suyu, su birikiyor, yağmur yağınca, su baskını yol", ""),
    ("yol-calismasi", "Yol çalışması ve kazı", "Road works and excavations", "fen-isleri", 10,
     "yol çalışması, kazı, kazdılar, kazılan, kazıldı, çalışma bitmedi, kapatılmadı, iş makinesi, kepçe, yolu kazıp", ""),
    ("istinat-duvari", "İstinat duvarı ve toprak kayması", "Retaining walls and landslides", "fen-isleri", 20,
     "istinat, istinat duvarı, toprak kayması, heyelan, duvar yıkıldı, duvar çöktü", ""),
    ("kar-buz", "Karla mücadele ve buzlanma", "Snow and ice on roads", "fen-isleri", 2,
     "kar, buz, buzlanma, tuzlama, kar küreme, kardan, buzlu yol, kaygan", ""),
    # Temizlik İşleri
    ("cop-toplama", "Çöp toplanmıyor", "Waste not collected", "temizlik-isleri", 2,
     "çöp, çöpler, çöpümüz, toplanmadı, toplanmıyor, çöp kamyonu, çöp arabası, çöpçü, çöp alınmıyor, çöp birikti, poşet, çöp kokuyor, almadılar, almıyorlar", ""),
    ("konteyner", "Çöp konteyneri", "Waste containers", "temizlik-isleri", 5,
     "konteyner, konteynır, konteynar, çöp kutusu, çöp kovası, bidon, konteyner yıkama, konteyner kırık, konteyner taşıyor, çöp konteyneri", ""),
    ("sokak-supurme", "Sokak süpürme ve yıkama", "Street sweeping and washing", "temizlik-isleri", 3,
     "süpürme, süpürülmüyor, süpürülsün, yaprak, yapraklar, pislik, kirli sokak, sokak kirli, cadde yıkama, yıkansın, yıkama, pis, temizlenmiyor, temizlik yapılmıyor, izmarit", ""),
    ("moloz-hacimli", "Moloz ve hacimli atık alımı", "Rubble and bulky waste pickup", "temizlik-isleri", 5,
     "moloz, eski eşya, koltuk, kanepe, dolap, yatak, hacimli atık, inşaat atığı, beyaz eşya, eşya atılmış, buzdolabı, çekyat, tadilat atığı, kalas, moloz dökülmüş", ""),
    ("geri-donusum", "Geri dönüşüm", "Recycling", "temizlik-isleri", 10,
     "geri dönüşüm, atık pil, atık yağ, bitkisel yağ, cam kumbarası, ambalaj atığı, elektronik atık, kağıt atık, kumbara, dönüşüm kutusu", ""),
    # Park ve Bahçeler
    ("park-bakim", "Park bakımı", "Park maintenance", "park-bahceler", 10,
     "park, parkın, parkta, bakımsız park, çim, çimler, çimen, sulama, park aydınlatma, parkı, yeşillik, park temizliği, otlar, ot bitmiş, yabani ot", ""),
    ("oyun-alani", "Çocuk oyun alanı", "Playgrounds", "park-bahceler", 7,
     "oyun alanı, kaydırak, salıncak, oyun parkı, çocuk parkı, tahterevalli, oyun grubu, kum havuzu, çocuklar için park", ""),
    ("agac-budama", "Ağaç budama ve kesim", "Tree pruning and felling", "park-bahceler", 15,
     "ağaç, ağacı, dal, dallar, budama, budansın, budanması, ağaç kesilsin, devrildi, kurumuş ağaç, çam ağacı, ağaç dalları, ağaç devrilmek, ağaç kökü, kökleri", ""),
    ("park-mobilya", "Bank, çeşme ve spor aletleri", "Benches, fountains and fitness equipment", "park-bahceler", 10,
     "bank, banklar, oturma yeri, spor aleti, spor aletleri, çeşme, kamelya, pergola, park bankı, oturak", ""),
    ("yesil-alan", "Yeşil alan ve ağaçlandırma", "Green areas and tree planting", "park-bahceler", 20,
     "yeşil alan, ağaç dikimi, fidan, çiçek, refüj, ağaçlandırma, peyzaj, çiçeklendirme, boş arsa park yapılsın", ""),
    # Zabıta
    ("seyyar-satici", "Seyyar satıcı", "Street vendors", "zabita", 3,
     "seyyar, satıcı, seyyar satıcı, tezgah, işportacı, el arabası, anons, megafon, hoparlörle satış, pazar, pazarcı, simitçi, mısırcı", ""),
    ("kaldirim-isgali", "İşyerlerinin kaldırım işgali", "Shops occupying pavements", "zabita", 5,
     "işgal, işgaliye, masa sandalye, kaldırıma masa, dükkan önü, malzeme dizmiş, tabure, ürün dizmiş, kaldırımı kapatmış, kaldırıma taşmış, yürüyemiyoruz kaldırım, kaldırımı işgal", ""),
    ("isyeri-gurultu", "İşyeri kaynaklı gürültü", "Noise from businesses", "zabita", 3,
     "kafe, bar, müzik, canlı müzik, eğlence yeri, işyeri gürültü, düğün salonu, hoparlör, yüksek sesle müzik, gece yarısı müzik, meyhane, kahvehane, nargile, pub, kafeterya", ""),
    ("fiyat-etiket", "Fiyat etiketi ve fahiş fiyat", "Price labels and overcharging", "zabita", 5,
     "etiket, fiyat etiketi, fahiş, fahiş fiyat, pahalı, market, fırın, ekmek gramaj, gramaj, tartı, kasada farklı fiyat, fazla para aldı, etiketsiz, fiyat yazmıyor, kazık", ""),
    ("ruhsatsiz-isyeri", "Ruhsatsız işyeri", "Unlicensed businesses", "zabita", 10,
     "ruhsatsız, izinsiz işyeri, kaçak işyeri, ruhsatı yok, işyeri açılmış, atölye, imalathane, depo olarak, kaçak dükkan", ""),
    ("dilencilik", "Dilencilik", "Begging", "zabita", 2,
     "dilenci, dileniyor, dilenen, dilenci çocuk, para istiyorlar, dilencilik", ""),
    ("izinsiz-afis", "İzinsiz afiş ve ilan", "Unauthorised posters and flyers", "zabita", 5,
     "afiş, ilan, el ilanı, pankart, duvara yapıştırılmış, reklam, broşür, yapıştırmışlar, yazılama, grafiti, duvar yazısı", ""),
    ("gida-hijyen", "Gıda işyerlerinde hijyen", "Hygiene in food businesses", "zabita", 3,
     "hijyen, bozuk gıda, son kullanma, tarihi geçmiş, pis mutfak, lokanta, restoran, kasap, bozuk et, zehirlendik, kokmuş, küflü, gıda", ""),
    # İmar ve Şehircilik
    ("imar-durumu", "İmar durumu ve imar planı", "Zoning status and plans", "imar-sehircilik", 15,
     "imar, imar durumu, imar planı, plan tadilatı, parsel, ada parsel, kat yüksekliği, emsal, imar barışı, kat izni, arsa, tapu, imar affı, kat sayısı", ""),
    ("yapi-ruhsati", "Yapı ruhsatı ve iskân", "Building permits and occupancy", "imar-sehircilik", 20,
     "yapı ruhsatı, inşaat ruhsatı, iskan, iskân, yapı kullanma izni, ruhsat başvurusu, ruhsat dosyası, proje onayı, mimari proje, tadilat ruhsatı", ""),
    ("numarataj", "Sokak adı ve kapı numarası", "Street names and door numbers", "imar-sehircilik", 10,
     "kapı numarası, numarataj, sokak adı, sokak tabelası, adres:0.3, bina numarası, numara levhası, kapı no, sokak ismi, adres kaydı, uavt", ""),
    # Yapı Kontrol
    ("kacak-yapi", "Kaçak yapı", "Illegal construction", "yapi-kontrol", 10,
     "kaçak:0.6, kaçak kat, kaçak yapı, izinsiz inşaat, çatı katı, ilave kat, kaçak inşaat, gecekondu, izinsiz kat, balkon kapatma, kaçak bina, ruhsatsız inşaat", ""),
    ("riskli-bina", "Riskli ve metruk bina", "Risky and derelict buildings", "yapi-kontrol", 10,
     "riskli, riskli bina, çatlak, yıkılacak, metruk, çökme tehlikesi, deprem, hasarlı bina, boş bina, harabe, yıkık, sıva dökülüyor, bina çökecek, tehlikeli bina, kentsel dönüşüm", ""),
    ("insaat-guvenligi", "İnşaat alanı güvenliği", "Construction-site safety", "yapi-kontrol", 5,
     "inşaat, iskele, şantiye, vinç, inşaat gürültüsü, inşaat tozu, inşaat alanı, hafriyat, temel kazısı, inşaattan, inşaatta, inşaatın, beton mikser, pazar günü inşaat", ""),
    # Veteriner
    ("sokak-hayvani", "Sokak hayvanları", "Stray animals", "veteriner", 5,
     "köpek, köpekler, kedi, kediler, sokak köpeği, başıboş, sahipsiz, köpek sürüsü, havlama, mama, sokak hayvanı, hayvanlar, it, köpekleri, toplatılsın", ""),
    ("yarali-hayvan", "Yaralı veya hasta hayvan", "Injured or sick animals", "veteriner", 1,
     "yaralı, yaralı kedi, yaralı köpek, hasta hayvan, topallıyor, ölü hayvan, ölü kedi, ölü köpek, ezilmiş, kedi yavrusu, yavru, kanıyor, bacağı kırık, hayvan ölüsü", ""),
    ("hayvan-isirmasi", "Hayvan ısırması", "Animal bites", "veteriner", 1,
     "ısırdı, ısırıldı, saldırdı, kuduz, ısırık, ısırması, saldırgan köpek, kovaladı", ""),
    ("sahiplendirme", "Barınak, kısırlaştırma ve sahiplendirme", "Shelter, neutering and adoption", "veteriner", 10,
     "sahiplenmek, sahiplendirme, barınak, kısırlaştırma, kısırlaştırılması, kuduz aşısı, aşılama, hayvan barınağı, çip", ""),
    # Çevre Koruma
    ("ilaclama", "Haşere ve sivrisinek ilaçlama", "Pest and mosquito control", "cevre-koruma", 5,
     "sivrisinek, haşere, hamam böceği, böcek, fare, sıçan, ilaçlama, ilaç, karasinek, sinek, pire, kene, akrep, ilaçlansın", ""),
    ("hava-kirliligi", "Hava kirliliği ve koku", "Air pollution and smells", "cevre-koruma", 10,
     "duman, baca, koku, kömür, hava kirliliği, yakıyorlar, lastik yakma, kötü koku, pis koku, egzoz, tütsü, mangal dumanı, yanık kokusu, kimyasal koku", ""),
    ("gurultu-cevre", "Gürültü (işyeri dışı)", "Noise (not from businesses)", "cevre-koruma", 10,
     "gürültü:0.6, ses:0.4, klima, jeneratör, klima gürültüsü, fabrika gürültüsü, uğultu, motor sesi, kompresör, ses kirliliği", ""),
    ("su-kirliligi", "Su ve toprak kirliliği", "Water and soil pollution", "cevre-koruma", 10,
     "dere, atık su dereye, yağ dökülmüş, kirlilik, sızıntı, kimyasal, toprak kirliliği, deniz kirliliği, sahil kirli, derenin", ""),
    # Sosyal Yardım
    ("gida-yardimi", "Gıda ve yakacak yardımı", "Food and fuel aid", "sosyal-yardim", 15,
     "yardım:0.4, erzak, gıda kolisi, kömür yardımı, yakacak, muhtaç, ihtiyaç sahibi, gıda yardımı, koli, yiyecek, kömür, odun, yardım istiyorum, yardım başvurusu", ""),
    ("nakdi-yardim", "Nakdi yardım", "Cash assistance", "sosyal-yardim", 15,
     "para yardımı, nakdi, kira yardımı, geçim, işsizim, borçlarım, maddi durum, maddi yardım, maaş yetmiyor, fatura ödeyemiyorum, kiramı ödeyemiyorum", ""),
    ("evde-bakim", "Evde bakım ve yaşlı desteği", "Home care and elderly support", "sosyal-yardim", 10,
     "yaşlı:0.5, yatalak, evde bakım, evde temizlik, bakıma muhtaç, annem:0.3, babam:0.3, yaşlı annem, hasta bakımı, refakat, yalnız yaşıyor, kimsesiz, hasta nakil", ""),
    ("engelli-destek", "Engelli vatandaş desteği", "Support for disabled citizens", "sosyal-yardim", 15,
     "engelli, tekerlekli sandalye, akülü sandalye, engelli aracı, işitme cihazı, görme engelli, engelli kartı, bedensel engelli, engelli çocuğum, engelli raporu, hasta bezi, medikal", ""),
    # Kültür ve Sosyal İşler
    ("etkinlik", "Kültürel etkinlik", "Cultural events", "kultur-sosyal", 10,
     "konser, etkinlik, festival, tiyatro, sinema, sergi, gösteri, şenlik, söyleşi, bilet, iftar, anma, kültür merkezi", ""),
    ("kurs", "Kurslar", "Courses", "kultur-sosyal", 10,
     "kurs, kursu, kurslar, kayıt, meslek edindirme, dil kursu, resim kursu, ders, eğitim kursu, kurslara, kontenjan, yaz okulu, atölye çalışması", ""),
    ("kutuphane", "Kütüphane ve gençlik merkezi", "Libraries and youth centres", "kultur-sosyal", 10,
     "kütüphane, kitap, okuma salonu, gençlik merkezi, etüt, çalışma salonu, ders çalışma, kitaplık", ""),
    # Mali Hizmetler
    ("emlak-vergisi", "Emlak vergisi", "Property tax", "mali-hizmetler", 10,
     "emlak vergisi, emlak, vergi, taksit, tahakkuk, beyan, beyanname, vergi borcu, vergisi", ""),
    ("cevre-temizlik-vergisi", "Çevre temizlik vergisi", "Environmental cleaning tax", "mali-hizmetler", 10,
     "çevre temizlik vergisi, çtv, temizlik vergisi", ""),
    ("odeme-iade", "Ödeme, iade ve borç", "Payments, refunds and debts", "mali-hizmetler", 10,
     "borç, borcum, ödeme, iade, fazla ödeme, makbuz, dekont, yapılandırma, faiz, gecikme zammı, haciz, tahsilat, iki kere ödedim, para iadesi, ödedim", ""),
    # Bilgi İşlem
    ("e-belediye", "E-belediye ve web sitesi", "E-municipality and website", "bilgi-islem", 5,
     "site:0.4, web sitesi, internet sitesi, e-belediye, şifre, giriş yapamıyorum, online ödeme, sayfa açılmıyor, hata veriyor, sitede, siteniz, link, e-devlet, sistem hata", ""),
    ("mobil-uygulama", "Mobil uygulama", "Mobile app", "bilgi-islem", 5,
     "uygulama, mobil, telefon uygulaması, çöküyor, uygulamanız, güncelleme, android, iphone, ios, uygulama açılmıyor", ""),
    ("kablosuz-internet", "Ücretsiz kablosuz internet", "Free public Wi-Fi", "bilgi-islem", 5,
     "wifi, wi-fi, kablosuz, internet, bağlanamıyorum, ücretsiz internet, wifi çekmiyor, internet yok, hotspot", ""),
    # İnsan Kaynakları
    ("is-basvurusu", "İş ve staj başvurusu", "Jobs and internships", "insan-kaynaklari", 15,
     "iş başvurusu, iş arıyorum, eleman:0.4, staj, stajyer, cv, özgeçmiş, işe alım, kadro, iş ilanı, işe girmek, çalışmak istiyorum, personel alımı, iş kur, iş imkanı", ""),
    # Ulaşım Hizmetleri
    ("hiz-kesici", "Hız kesici talebi", "Speed bumps", "ulasim-hizmetleri", 15,
     "kasis, hız kesici, hız yapıyor, araçlar hızlı, yavaşlatıcı, hızlı geçiyor, hızla geçiyor, çok hızlı, kaza olacak, hız kesicı", ""),
    ("trafik-levha", "Trafik levhası ve yol çizgisi", "Traffic signs and road markings", "ulasim-hizmetleri", 10,
     "levha, trafik levhası, yaya geçidi, çizgi, yol çizgisi, boya, şerit, trafik aynası, ayna, yön tabelası, dur levhası, tek yön, yol boyası, çizgiler silinmiş", ""),
    ("otopark", "Belediye otoparkı ve park sorunları", "Municipal car parks and parking", "ulasim-hizmetleri", 10,
     "otopark, park yeri, otopark ücreti, değnekçi, engelli park yeri, araç park, parklanma, otoparkı, park yasağı, park edilen araçlar, çekici", ""),
    # Basın Yayın ve Halkla İlişkiler
    ("tesekkur", "Teşekkür", "Thanks", "basin-halkla-iliskiler", 5,
     "teşekkür:0.4, tebrik:0.6, memnun:0.5, emeği geçen, emeği geçenlere, sağolun:0.4, çok güzel olmuş:0.6, elinize sağlık, teşekkürler:0.3, takdir", ""),
    ("iletisim-geri-bildirim", "Belediye iletişimi hakkında geri bildirim", "Feedback on the municipality's communication", "basin-halkla-iliskiler", 10,
     "bilgilendirme, duyuru, sms, ulaşamıyorum, telefon açılmıyor, alo 153, dönüş yapılmadı, cevap verilmedi, başvuruma cevap, sosyal medya, bülten, beyaz masa, santral", ""),
    # Özel Kalem
    ("baskan-randevu", "Başkanla görüşme ve ziyaret", "Meeting the mayor and visits", "ozel-kalem", 10,
     "randevu, başkanla görüşmek, başkan ile görüşme, başkanımızla, ziyaret, başkanı ziyaret, makam, protokol, davet, başkanımızı davet, açılışa davet, başkan bey:0.5, başkan:0.3", ""),
    # Outside the municipality (forwarded under 3071 art. 5, the citizen told)
    ("su-kanalizasyon", "Su ve kanalizasyon", "Water and sewerage", "diger-kurum", 3,
     "su kesintisi, sular yok, su yok, sular kesik, su arızası, boru patladı, patlak boru, kanalizasyon, lağım, lağım taşıyor, tıkanıklık, su faturası, su sayacı, içme suyu, şebeke suyu, su akıyor, foseptik, su basıncı, musluk", "Su ve Kanalizasyon İdaresi"),
    ("elektrik", "Elektrik kesintisi ve sokak aydınlatması", "Power cuts and street lighting", "diger-kurum", 3,
     "elektrik, elektrikler, kesinti, elektrik kesintisi, trafo, direği, direkler, elektrik direği, sokak lambası, lamba yanmıyor, aydınlatma, karanlık, ampul, lambalar, kablo sarkıyor, sokak karanlık", "Elektrik dağıtım şirketi"),
    ("dogalgaz", "Doğalgaz", "Natural gas", "diger-kurum", 1,
     "doğalgaz, gaz, gaz kokusu, gaz kaçağı, doğalgaz kesintisi, gaz sayacı, igdaş, doğal gaz, gaz borusu", "Doğalgaz dağıtım şirketi"),
    ("toplu-tasima", "Otobüs ve toplu taşıma", "Buses and public transport", "diger-kurum", 5,
     "otobüs, durak, sefer, metrobüs, minibüs, dolmuş, iett, şoför, otobüs hattı, otobüs durağı, metro, tramvay, vapur, otobüs gelmiyor, sefer sayısı, otobüs hattı", "Büyükşehir Belediyesi (toplu taşıma)"),
    ("emniyet", "Güvenlik ve asayiş", "Public order and police matters", "diger-kurum", 3,
     "hırsızlık, kavga, uyuşturucu, polis, asayiş, çalındı, gasp, tehdit, madde kullanan, torbacı, silah, şüpheli şahıslar, komşu kavgası, taciz", "Emniyet Müdürlüğü"),
    ("okul", "Okullar ve eğitim", "Schools and education", "diger-kurum", 5,
     "okul, okulun, öğretmen, okul müdürü, okul servisi, milli eğitim, öğrenci, sınıf, kreş devlet, anaokulu, lise, ilkokul, ortaokul", "İlçe Milli Eğitim Müdürlüğü"),
    ("saglik", "Sağlık kuruluşları", "Health facilities", "diger-kurum", 5,
     "hastane, sağlık ocağı, aile hekimi, ambulans, doktor, eczane, aşı randevusu, mhrs", "İlçe Sağlık Müdürlüğü"),
]

# (category code, question code, label, label_en, datatype, required, values)
QUESTIONS = [
    ("yol-cukur", "boyut", "Çukurun yaklaşık büyüklüğü", "Approximate size of the pothole", "choice", False,
     "Küçük (30 cm'den az)\nOrta (30–100 cm)\nBüyük (1 m'den fazla)"),
    ("yol-cukur", "tehlike", "Araç veya yaya için tehlike oluşturuyor mu?", "Is it a danger to vehicles or pedestrians?", "yesno", True, ""),
    ("sokak-hayvani", "sayi", "Kaç hayvan var?", "How many animals are there?", "number", False, ""),
    ("yarali-hayvan", "saldirgan", "Hayvan saldırgan mı?", "Is the animal aggressive?", "yesno", True, ""),
    ("moloz-hacimli", "tur", "Atığın türü", "Kind of waste", "text", False, ""),
    ("agac-budama", "tehlike", "Ağaç devrilme tehlikesi taşıyor mu?", "Is the tree in danger of falling?", "yesno", True, ""),
    ("isyeri-gurultu", "saat", "Gürültü hangi saatlerde oluyor?", "At what times does the noise happen?", "text", False, ""),
    ("konteyner", "istek", "Ne istiyorsunuz?", "What do you need?", "choice", True,
     "Yeni konteyner\nKırık konteynerin değişimi\nKonteynerin yıkanması\nKonteynerin yerinin değiştirilmesi"),
]

NEIGHBOURHOODS = [
    "19 Mayıs", "Acıbadem", "Bostancı", "Caddebostan", "Caferağa", "Dumlupınar", "Eğitim",
    "Erenköy", "Fenerbahçe", "Feneryolu", "Fikirtepe", "Göztepe", "Hasanpaşa", "Koşuyolu",
    "Kozyatağı", "Merdivenköy", "Osmanağa", "Rasimpaşa", "Sahrayıcedit", "Suadiye", "Zühtüpaşa",
]

_FOLD = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "İ": "i", "I": "ı"})


def _slug(text):
    folded = text.translate({ord("İ"): "i", ord("I"): "ı"}).lower().translate(_FOLD)
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


def create_defaults(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    Category = apps.get_model("service_requests", "Category")
    Question = apps.get_model("service_requests", "CategoryQuestion")
    Neighbourhood = apps.get_model("service_requests", "Neighbourhood")
    units = {u.code: u for u in Unit.objects.all()}
    categories = {}
    for position, (code, name, name_en, unit, days, keywords, body) in enumerate(CATEGORIES, 1):
        categories[code], _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "default_unit": units[unit],
                "target_days": days,
                "keywords": keywords,
                "competent_body": body,
                "is_public": unit != "diger-kurum" and code not in ("tesekkur", "baskan-randevu"),
                "position": position,
            },
        )
    for position, (cat, code, label, label_en, datatype, required, values) in enumerate(QUESTIONS):
        Question.objects.get_or_create(
            category=categories[cat],
            code=code,
            defaults={
                "label": label,
                "label_en": label_en,
                "datatype": datatype,
                "required": required,
                "values": values,
                "position": position,
            },
        )
    for name in NEIGHBOURHOODS:
        Neighbourhood.objects.get_or_create(slug=_slug(name), defaults={"name": name})


create_defaults.reapply_after_flush = True


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_default_units"),
        ("service_requests", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
