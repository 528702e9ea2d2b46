"""Swahili word pools of the hold-out outlet ``pwani`` (a coastal regional portal)."""

from __future__ import annotations

SW: dict = {
    "sections": {
        "kitaifa": ("Kitaifa", ["Siasa", "Elimu", "Afya"]),
        "kimataifa": ("Kimataifa", ["Afrika Mashariki", "Dunia"]),
        "biashara": ("Biashara", ["Kilimo", "Uchumi", "Bandari"]),
        "michezo": ("Michezo", ["Soka", "Riadha"]),
    },
    "tags": ["Bajeti 2026", "Mvua za masika", "Vijana", "Uwekezaji"],
    "subheads": ["Wananchi walalamika", "Hatua zinazofuata", "Changamoto za fedha"],
    "people": [
        "mkuu wa mkoa Rehema Mwinyimkuu",
        "waziri wa kilimo Daudi Kasembe",
        "mwenyekiti wa kijiji Selemani Mbaraka",
        "mkurugenzi wa halmashauri Neema Lyimo",
        "kocha mkuu Abdallah Kipingu",
        "mbunge wa jimbo hilo Fatma Suleiman",
    ],
    "orgs": [
        "halmashauri ya wilaya",
        "mamlaka ya bandari",
        "chama cha ushirika wa wakulima wa korosho",
        "wizara ya afya",
        "shirikisho la soka",
        "benki ya wananchi",
    ],
    "places": ["Tanga", "Bagamoyo", "Pangani", "Lindi", "Mtwara", "Kilwa", "Muheza"],
    "headlines": [
        "{org_cap} yatangaza mpango mpya wa {topic} mjini {place}",
        "Wakazi wa {place} walalamikia kuchelewa kwa huduma za {org}",
        "{person_cap} aahidi mabadiliko makubwa {place}",
        "Mvutano waibuka kati ya {org} na wafanyabiashara wa {place}",
        "Serikali yatenga fedha kwa miradi ya {topic} {place}",
        "{person_cap} asema {org} itakamilisha ujenzi kabla ya mwisho wa mwaka",
        "Wadau wa {topic} wakutana {place} kujadili mustakabali wa sekta",
    ],
    "leads": [
        "Wananchi wa {place} wameeleza matumaini yao baada ya {org} kuahidi kuboresha huduma "
        "ndani ya miezi sita ijayo.",
        "Mpango huo unalenga kuwafikia zaidi ya wakazi elfu kumi wa {place} na vitongoji vyake, "
        "kwa mujibu wa {person}.",
        "Hatua hiyo imekuja siku chache baada ya malalamiko ya muda mrefu kutoka kwa wakazi wa "
        "{place} kuhusu {topic}.",
        "Viongozi wa {org} wamesema fedha zimeshatengwa na kazi itaanza mara moja.",
    ],
    "sentences": [
        "Akizungumza na waandishi wa habari jana, {person} alisema kazi hiyo itaanza mwezi ujao.",
        "Alisema {org} imejipanga kuhakikisha kila mwananchi wa {place} ananufaika.",
        "Hata hivyo, baadhi ya wakazi wameeleza wasiwasi wao kuhusu muda wa utekelezaji.",
        "Mmoja wa wakazi hao, Mwanaisha Omari, alisema ahadi kama hizo zimewahi kutolewa bila "
        "mafanikio.",
        "Kwa mujibu wa takwimu za {org}, idadi ya wanaohitaji huduma imeongezeka mara mbili "
        "tangu mwaka 2022.",
        "Mradi huo unatarajiwa kugharimu zaidi ya Sh4.5 bilioni hadi kukamilika kwake.",
        "{person_cap} aliwataka wananchi kuwa wavumilivu wakati kazi ikiendelea.",
        "Aliongeza kuwa serikali haitasita kuwachukulia hatua watakaohujumu mradi huo.",
        "Wataalamu wa {topic} wanasema mpango huo ni hatua muhimu kwa maendeleo ya {place}.",
        "Mwaka jana, mvua kubwa ziliharibu miundombinu mingi katika eneo hilo.",
        "Viongozi wa dini na wazee wa kimila nao walihudhuria mkutano huo.",
        "Wafanyabiashara wadogo wamesema wanatarajia kipato chao kuongezeka.",
        "Katika kikao hicho, wajumbe walikubaliana kuunda kamati ya kufuatilia utekelezaji.",
        "Kamati hiyo itawasilisha ripoti yake kwa {org} kila baada ya miezi mitatu.",
        "Baadhi ya wabunge wameitaka serikali kuongeza bajeti ya {topic} katika mwaka ujao wa "
        "fedha.",
        "Mwenyekiti wa vijana wa {place}, Hamisi Chande, alisema vijana wengi wanasubiri ajira "
        "kutoka kwenye mradi huo.",
        "Taarifa zaidi zinaonyesha kuwa mkataba wa ujenzi umeshasainiwa.",
        "Wakati huohuo, {org} imetoa wito kwa wananchi kutoa taarifa za vitendo vya rushwa.",
        "Hali hiyo imeibua mjadala mkubwa katika mitandao ya kijamii.",
        "Wachambuzi wa masuala ya uchumi wanasema matokeo yake yataonekana baada ya miaka miwili.",
        "Mkutano mwingine wa wadau umepangwa kufanyika {place} mwishoni mwa mwezi huu.",
    ],
    "captions": [
        "{person_cap} akizungumza na wananchi wa {place}",
        "Wakazi wa {place} wakifuatilia mkutano wa hadhara",
        "Wafanyabiashara wakiwa katika soko kuu la {place}",
        "Sehemu ya mradi wa {topic} unaoendelea {place}",
    ],
    "authors": [
        "Amina Juma",
        "Hamisi Mohamed",
        "Zuhura Abdallah",
        "Baraka Mwakalinga",
        "Rukia Salim",
        "Elias Msuya",
        "Mwanahawa Kombo",
    ],
    "bios": {
        "Amina Juma": "Amina ni mwandishi wa habari za siasa na utawala kanda ya pwani.",
        "Hamisi Mohamed": "Hamisi anaandika habari za uchumi, bandari na biashara.",
        "Zuhura Abdallah": "Zuhura ni mhariri msaidizi wa habari za kitaifa.",
        "Baraka Mwakalinga": "Baraka ni mwandishi wa habari za michezo.",
        "Rukia Salim": "Rukia anaandika habari za afya na elimu.",
        "Elias Msuya": "Elias ni mwandishi mwandamizi wa habari za kimataifa.",
        "Mwanahawa Kombo": "Mwanahawa anaandika habari za kilimo na mazingira.",
    },
    "comments": [
        ("Juma Ally", "Tunashukuru kwa taarifa hii, tunasubiri utekelezaji."),
        ("Mama Neema", "Ahadi hizi tumezisikia miaka mingi. Tuone safari hii."),
    ],
    "photographers": ["Said Khamis", "Mussa Juma", "Ericky Boniphace", "Halima Rashid"],
    "agencies": ["SP", "SP", "AFP", "Reuters", "Maktaba"],
}
