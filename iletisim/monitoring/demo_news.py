"""Thirty days of invented local news for the demo desk, written for İletişim (nothing is
fetched). `{B}` stands for the municipality's name (settings.MUNICIPALITY_NAME), `{M}` for
the demo mayor; the other municipalities are invented too.

Each story is (days ago, hours before that, the outlets that carry it, headline, text): the
first outlet files it, the others carry a copy (an agency's copy credits the agency), so the
desk shows stories with several copies. Today carries a burst of news about a water cut, so
the spike alert has something to find; today's stories fall between midnight and the
seeding, `hours` sixths of that time before it.
"""

from __future__ import annotations

MAYOR = "Ayşe Demir"
PEERS = ("Yenikent Belediyesi", "Deniztepe Belediyesi")
NEIGHBOURHOODS = ("Fikirtepe", "Caddebostan", "Göztepe", "Suadiye", "Erenköy", "Koşuyolu")

AA, DHA, IHA = "Anadolu Ajansı", "Demirören Haber Ajansı", "İhlas Haber Ajansı"
LOCAL = ("Yeni Asır", "Ege Telgraf", "Olay Gazetesi", "Kent TV")

Story = tuple[int, int, tuple[str, ...], str, str]

STORIES: list[Story] = [
    (
        29,
        9,
        (AA, "Hürriyet", "Ege Telgraf"),
        "{B}'nden Caddebostan'a yeni park müjdesi",
        "{B}, Caddebostan'da 12 dönümlük alanda yeni bir park yapılacağını açıkladı. "
        "Belediye Başkanı {M}, parkın yaz sonunda hizmete açılacağını ve mahalleye yeni "
        "bir yeşil alan kazandıracağını söyledi. Parkta çocuk oyun alanları ve yürüyüş "
        "yolları yer alacak.",
    ),
    (
        28,
        14,
        ("Sözcü", "Halk TV"),
        "Göztepe'de toplanmayan çöpler tepki çekti",
        "Göztepe'de günlerdir toplanmayan çöpler mahalle sakinlerinin tepkisine neden oldu. "
        "Sokaklarda biriken çöp yığınları nedeniyle koku sorunu yaşandığını söyleyen "
        "vatandaşlar, {B}'ne defalarca şikayette bulunduklarını ancak sorunun "
        "çözülmediğini belirtti.",
    ),
    (
        27,
        11,
        ("Milliyet",),
        "Yenikent Belediyesi'nde ihale soruşturması",
        "Yenikent Belediyesi'nin park ve bahçeler ihalesinde usulsüzlük iddiasıyla "
        "soruşturma başlatıldı. Muhalefet partileri ihalede yolsuzluk yapıldığını öne "
        "sürerken belediye yönetimi iddiaları reddetti.",
    ),
    (
        26,
        10,
        (DHA, "Sabah", "Olay Gazetesi"),
        "Fikirtepe'de kentsel dönüşümde yeni etap",
        "Fikirtepe'de kentsel dönüşüm projesinin üçüncü etabında çalışmalar başladı. "
        "{B} Başkanı {M}, hak sahipleriyle bir araya gelerek sürecin şeffaf biçimde "
        "yürütüleceğini söyledi. Proje kapsamında 1.200 konut yapılacak.",
    ),
    (
        25,
        16,
        ("Cumhuriyet",),
        "Deniztepe Belediyesi'nin kreş projesi ödül aldı",
        "Deniztepe Belediyesi'nin mahalle kreşleri projesi, yerel yönetimler yarışmasında "
        "birincilik ödülü kazandı. Belediye, ödülü çalışan annelere ücretsiz kreş desteği "
        "sağlayan projesiyle aldı.",
    ),
    (
        24,
        9,
        ("T24", "BirGün"),
        "Meclis toplantısında bütçe tartışması",
        "{B} Meclisi'nde 2027 yılı bütçesi görüşüldü. Muhalefet meclis üyeleri bütçedeki "
        "borç artışını eleştirirken, Başkan {M} yatırımların sürdüğünü ve bütçenin "
        "dengeli olduğunu söyledi.",
    ),
    (
        23,
        13,
        (IHA, "Yeni Asır"),
        "Erenköy'de asfalt çalışması tamamlandı",
        "{B} Fen İşleri Müdürlüğü ekipleri, Erenköy'de 4 kilometrelik yolun asfalt "
        "yenileme çalışmasını tamamladı. Yolun yenilenmesiyle sürücülerin ulaşımı "
        "kolaylaştı.",
    ),
    (
        22,
        18,
        ("NTV",),
        "Suadiye sahilinde kirlilik uyarısı",
        "Suadiye sahilinde denizdeki kirlilik nedeniyle yüzme yasağı getirildi. Çevre "
        "uzmanları, atık su sorunu çözülmezse kirliliğin artacağı uyarısında bulundu. "
        "{B} konuyla ilgili inceleme başlattığını açıkladı.",
    ),
    (
        21,
        10,
        (AA, "Milliyet", "Kent TV"),
        "{B}'nden ücretsiz sağlık taraması",
        "{B}, Koşuyolu'ndaki semt polikliniğinde 40 yaş üstü vatandaşlara ücretsiz "
        "sağlık taraması başlattı. Taramalarda kalp, şeker ve tansiyon ölçümleri yapılıyor. "
        "Başkan {M}, hizmetten memnun kalan vatandaşlara teşekkür etti.",
    ),
    (
        20,
        15,
        ("Hürriyet",),
        "Yenikent Belediyesi'nden akıllı şehir uygulaması",
        "Yenikent Belediyesi, vatandaşların otopark ve toplu taşıma bilgilerine ulaşmasını "
        "sağlayan mobil uygulamasını tanıttı. Uygulama ilk ayında 50 bin kullanıcıya ulaştı.",
    ),
    (
        19,
        11,
        ("Sözcü",),
        "Kozyatağı'nda su kesintisi vatandaşı mağdur etti",
        "Kozyatağı'nda iki gündür süren su kesintisi nedeniyle vatandaşlar mağdur oldu. "
        "Mahalle sakinleri, kesinti hakkında önceden bilgilendirilmediklerini söyleyerek "
        "{B}'ni eleştirdi.",
    ),
    (
        18,
        10,
        (DHA, "Sabah", "Yeni Asır"),
        "{B} gençlik festivaline hazırlanıyor",
        "{B}, Caddebostan'da üç gün sürecek gençlik festivaline hazırlanıyor. Festivalde "
        "konserler, tiyatro gösterileri ve sergiler ücretsiz olarak izlenebilecek. "
        "Başkan {M}, tüm gençleri festivale davet etti.",
    ),
    (
        17,
        9,
        ("Anadolu Ajansı",),
        "Deniztepe Belediyesi'nde grev kararı",
        "Deniztepe Belediyesi'nde çalışan işçiler, toplu sözleşme görüşmelerinin "
        "sonuçsuz kalması üzerine grev kararı aldı. Grev nedeniyle çöp toplama "
        "hizmetlerinde aksaklık yaşanması bekleniyor.",
    ),
    (
        16,
        14,
        ("Cumhuriyet", "T24"),
        "Başkan {M}'den engelli vatandaşlara destek",
        "Belediye Başkanı {M}, engelli vatandaşlar için yeni bir ulaşım hizmetinin "
        "başladığını duyurdu. {B}, özel araçlarla engelli vatandaşları hastane ve "
        "rehabilitasyon merkezlerine ücretsiz taşıyacak.",
    ),
    (
        15,
        12,
        ("Olay Gazetesi",),
        "Göztepe Parkı'ndaki aydınlatma arızası giderilmedi",
        "Göztepe Parkı'nda haftalardır süren aydınlatma arızası nedeniyle akşam saatlerinde "
        "park karanlığa gömülüyor. Parkı kullanan vatandaşlar, güvenli olmadığını "
        "söyledikleri park için {B}'nden çözüm bekliyor.",
    ),
    (
        14,
        10,
        (IHA, "Milliyet", "Ege Telgraf"),
        "{B} amatör spor kulüplerine malzeme desteği verdi",
        "{B}, ilçedeki 25 amatör spor kulübüne forma, top ve antrenman malzemesi desteği "
        "verdi. Başkan {M}, gençlerin sporla büyümesi için kulüpleri desteklemeye devam "
        "edeceklerini söyledi.",
    ),
    (
        13,
        17,
        ("Halk TV",),
        "Yenikent'te sel baskını",
        "Yenikent'te sağanak yağış sonrası birçok ev ve iş yerini su bastı. Vatandaşlar, "
        "Yenikent Belediyesi'nin altyapı çalışmalarının yetersiz kaldığını söyledi.",
    ),
    (
        12,
        9,
        ("Sabah",),
        "Fikirtepe'de hak sahiplerinden protesto",
        "Fikirtepe'de kentsel dönüşüm projesinde konutları teslim edilmeyen hak sahipleri, "
        "{B} önünde protesto eylemi yaptı. Hak sahipleri, projedeki gecikme nedeniyle "
        "yıllardır kira ödediklerini söyledi.",
    ),
    (
        11,
        13,
        (AA, "Hürriyet", "Kent TV"),
        "{B}'nin kütüphanesi 24 saat açık",
        "{B}, Erenköy'deki kütüphanesini sınav dönemi boyunca 24 saat açık tutma kararı "
        "aldı. Öğrenciler, uygulamadan memnun olduklarını belirterek belediyeye teşekkür "
        "etti.",
    ),
    (
        10,
        11,
        ("BirGün",),
        "Belediye işçilerinden maaş tepkisi",
        "{B}'nde çalışan taşeron işçiler, maaşlarının geç ödenmesini protesto etti. "
        "İşçiler, yaşadıkları mağduriyetin giderilmesini istedi.",
    ),
    (
        9,
        10,
        (DHA, "Yeni Asır"),
        "Deniztepe'de yeni spor kompleksi açıldı",
        "Deniztepe Belediyesi'nin yaptırdığı kapalı yüzme havuzu ve spor kompleksi "
        "düzenlenen törenle hizmete açıldı.",
    ),
    (
        8,
        15,
        ("NTV", "Sözcü"),
        "Koşuyolu'nda trafik kazası: 3 yaralı",
        "Koşuyolu'nda iki otomobilin çarpıştığı kazada 3 kişi yaralandı. Kazanın "
        "yaşandığı kavşakta daha önce de benzer kazalar olduğunu söyleyen vatandaşlar, "
        "{B}'nden trafik ışığı talep etti.",
    ),
    (
        7,
        10,
        (AA, "Milliyet", "Ege Telgraf", "Olay Gazetesi"),
        "{B}'nin sıfır atık projesine ödül",
        "{B}, sıfır atık projesiyle Çevre Bakanlığı'nın ödülüne layık görüldü. Başkan "
        "{M}, ödülü ilçede geri dönüşüme katkı veren tüm vatandaşlarla paylaştıklarını "
        "söyledi. Proje kapsamında geri dönüştürülen atık miktarı rekor kırdı.",
    ),
    (
        6,
        12,
        ("Cumhuriyet",),
        "Yenikent Belediyesi borç batağında",
        "Yenikent Belediyesi'nin borcunun bir yılda iki katına çıktığı ortaya çıktı. "
        "Muhalefet, belediyedeki israfı eleştirdi.",
    ),
    (
        5,
        9,
        (IHA, "Sabah", "Kent TV"),
        "Suadiye sahil bandı yenilendi",
        "{B}, Suadiye sahil bandındaki yürüyüş ve bisiklet yollarını yeniledi. Yenilenen "
        "sahil, modern oturma alanları ve yeşil alanlarla vatandaşların hizmetine sunuldu.",
    ),
    (
        4,
        14,
        ("T24",),
        "Meclis üyesinden imar iddiası",
        "{B} Meclisi'nde muhalefet meclis üyesi, Caddebostan'daki bir imar değişikliğinde "
        "usulsüzlük yapıldığını iddia etti. Başkan {M}, iddiaların gerçeği yansıtmadığını "
        "söyledi.",
    ),
    (
        3,
        10,
        (AA, "Hürriyet"),
        "{B}'nden kış öncesi sokak hayvanlarına barınak",
        "{B} Veteriner İşleri ekipleri, kış öncesi parklara sokak hayvanları için "
        "barınak ve mama kabı yerleştirdi. Hayvanseverler uygulamayı takdirle karşıladı.",
    ),
    (
        2,
        16,
        ("Halk TV", "BirGün"),
        "Göztepe'de yol çöktü",
        "Göztepe'de altyapı çalışması yapılan caddede yol çöktü. Çökme nedeniyle cadde "
        "trafiğe kapatılırken vatandaşlar, {B}'nin çalışmalarda ihmal olduğunu söyledi.",
    ),
    (
        1,
        11,
        (DHA, "Milliyet", "Yeni Asır"),
        "{B}'nden 19 Mayıs'ta gençlere konser",
        "{B}, gençlik haftası kapsamında ücretsiz konser düzenleyecek. Başkan {M}, "
        "konserin herkese açık olacağını söyledi.",
    ),
    # Today: the burst a spike alert is for.
    (
        0,
        5,
        (AA, "Sözcü", "Halk TV", "Ege Telgraf"),
        "Ana isale hattında arıza: ilçede su kesintisi",
        "Ana isale hattında meydana gelen arıza nedeniyle ilçenin büyük bölümünde su "
        "kesintisi yaşanıyor. {B}, arızanın akşam saatlerinde giderilmesinin beklendiğini "
        "açıkladı. Kesintiden etkilenen vatandaşlar tepki gösterdi.",
    ),
    (
        0,
        4,
        ("Sabah", "Olay Gazetesi"),
        "Su kesintisi hastaneleri de etkiledi",
        "Ana isale hattındaki arıza nedeniyle başlayan su kesintisi ilçedeki hastaneleri "
        "de etkiledi. Hastanelere tankerlerle su taşındı. Vatandaşlar, {B}'nin "
        "bilgilendirme yapmadığını söyleyerek şikayetçi oldu.",
    ),
    (
        0,
        3,
        ("T24", "Kent TV"),
        "Başkan {M}: Su kesintisi bu akşam sona erecek",
        "Belediye Başkanı {M}, ilçede yaşanan su kesintisiyle ilgili açıklama yaptı. "
        "{M}, ekiplerin gece gündüz çalıştığını ve kesintinin bu akşam sona ereceğini "
        "söyledi.",
    ),
    (
        0,
        2,
        ("Cumhuriyet",),
        "Muhalefetten su kesintisi eleştirisi",
        "{B} Meclisi'ndeki muhalefet grubu, su kesintisinin yönetimdeki ihmalden "
        "kaynaklandığını öne sürerek belediyeyi eleştirdi.",
    ),
    (
        0,
        1,
        ("Milliyet",),
        "Fikirtepe'de su kuyrukları",
        "Fikirtepe'de su kesintisi nedeniyle vatandaşlar tankerlerin önünde kuyruk oldu. "
        "Mahalle sakinleri, {B}'nden daha fazla tanker istedi.",
    ),
]

# Agency lines: an agency's own copy opens with its dateline; a copy elsewhere credits it.
DATELINES = {AA: "(AA)", DHA: "(DHA)", IHA: "(İHA)"}
