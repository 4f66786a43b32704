"""Synthetic Marsad databases: realistic, deterministic, as large as asked.

`generate(n, seed)` returns the TinyDB-shaped dict ``{table: {"1": record, ...}}``
of a database with `n` records spread over the five tables in the proportions of
a real news-based corpus. Source articles are written first, sentence by
sentence, and every fact, membership and role quotes a piece of the sentence it
came from, so every generated database loads without a single problem.

Command line: ``python benchmarks/synth.py N OUT.json [--seed S]``. A benchmark tool, not
part of the product (tests import it too, to make large files).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import msgspec

__all__ = ["PROPORTIONS", "TABLE_ORDER", "generate", "main", "write"]

#: share of each table in a generated database (they sum to 1)
PROPORTIONS: dict[str, float] = {
    "organizations": 0.60,
    "partnerships": 0.15,
    "associations": 0.03,
    "people": 0.17,
    "sources": 0.05,
}
TABLE_ORDER = tuple(PROPORTIONS)
#: for databases of fewer than 5 records, the tables filled first
_SMALL_ORDER = ("sources", "organizations", "people", "partnerships")

MIN_TEXT = 1500
MAX_TEXT = 6000

# --------------------------------------------------------------------------
# Vocabulary. Pairs are (Arabic, Latin); the Latin forms carry the accents of
# Moroccan French usage.
# --------------------------------------------------------------------------

# (Arabic, Latin, feminine?, family): the family picks the activities
_ORG_TYPES = [
    ("مصحة", "Clinique", True, "clinic"),
    ("مصحة", "Clinique", True, "clinic"),
    ("مجموعة", "Groupe", True, "group"),
    ("مجموعة", "Groupe", True, "group"),
    ("مختبر", "Laboratoire", False, "lab"),
    ("مختبرات", "Laboratoires", True, "pharma"),
    ("مركز", "Centre", False, "center"),
    ("مراكز", "Centres", True, "center"),
    ("شركة", "Société", True, "trade"),
    ("مستشفى", "Hôpital Privé", False, "clinic"),
    ("معهد", "Institut", False, "school"),
    ("مجمع", "Complexe Médical", False, "clinic"),
    ("عيادة", "Polyclinique", True, "clinic"),
]
_ACTIVITIES = {
    "clinic": [
        "الجراحة العامة والتخصصية",
        "طب الأم والطفل",
        "علاج أمراض القلب والشرايين",
        "علاج الأورام",
        "تصفية الدم",
        "طب المستعجلات والإنعاش",
        "جراحة العظام والمفاصل",
        "طب العيون",
    ],
    "group": [
        "تدبير المصحات الخاصة",
        "الرعاية الصحية المتكاملة",
        "الاستثمار في القطاع الصحي الخاص",
        "التشخيص والعلاج",
        "الخدمات الاستشفائية",
        "الرعاية الصحية الحديثة",
    ],
    "lab": ["التحاليل البيولوجية والطبية", "التشخيص الجزيئي", "التحاليل الجينية", "علم التشريح المرضي"],
    "pharma": ["صناعة الأدوية الجنيسة", "صناعة اللقاحات", "البحث والتطوير الصيدلاني", "تصنيع المستلزمات الطبية"],
    "center": [
        "التشخيص بالأشعة والتصوير الطبي",
        "الترويض الطبي",
        "الفحص بالرنين المغناطيسي",
        "الطب النووي",
        "علاج العقم والخصوبة",
        "تصفية الكلي",
    ],
    "trade": [
        "توزيع وصيانة الآلات الطبية عالية التقنية",
        "توزيع المستلزمات الطبية",
        "توزيع الأدوية",
        "الحلول الرقمية للمصحات",
        "التأمين الصحي التكميلي",
    ],
    "school": ["التكوين في المهن الطبية وشبه الطبية", "تكوين الممرضين وتقنيي الصحة", "البحث العلمي في العلوم الصحية"],
}
_FAMILIES = [
    ("التازي", "Tazi"),
    ("جسوس", "Guessous"),
    ("بنجلون", "Benjelloun"),
    ("العلوي", "Alaoui"),
    ("الفاسي", "El Fassi"),
    ("بناني", "Bennani"),
    ("الإدريسي", "Idrissi"),
    ("الشرايبي", "Chraïbi"),
    ("برادة", "Berrada"),
    ("الكتاني", "Kettani"),
    ("العمراني", "Amrani"),
    ("الصقلي", "Sqalli"),
    ("بنسودة", "Bensouda"),
    ("التويمي", "Touimi"),
    ("لحلو", "Lahlou"),
    ("السلاوي", "Slaoui"),
    ("المريني", "Merini"),
    ("الوزاني", "Ouazzani"),
    ("بنكيران", "Benkirane"),
    ("الحمداوي", "Hamdaoui"),
    ("الشامي", "Chami"),
    ("العراقي", "Iraqi"),
    ("الطاهري", "Taheri"),
    ("بوعزة", "Bouazza"),
    ("المنصوري", "Mansouri"),
    ("السباعي", "Sbaï"),
    ("الغزاوي", "Ghazaoui"),
    ("الناصري", "Naciri"),
    ("الخياط", "Khayat"),
    ("البقالي", "Bakkali"),
    ("الدكالي", "Doukkali"),
    ("الرحماني", "Rahmani"),
    ("العثماني", "Othmani"),
    ("البوعناني", "Bouanani"),
    ("الحجوي", "Hajoui"),
    ("بنشقرون", "Benchekroun"),
    ("الزياني", "Ziani"),
    ("القادري", "Kadiri"),
    ("الأندلسي", "Andaloussi"),
    ("بلخياط", "Belkhayat"),
    ("المراكشي", "Marrakchi"),
    ("الكنوني", "Kanouni"),
    ("بوزيان", "Bouziane"),
    ("العبدلاوي", "Abdellaoui"),
    ("الحسني", "Hassani"),
    ("اليعقوبي", "Yacoubi"),
    ("الصفريوي", "Sefrioui"),
    ("بنيس", "Bennis"),
    ("الجزولي", "Jazouli"),
    ("الرشيدي", "Rachidi"),
    ("التمسماني", "Temsamani"),
    ("الودغيري", "Oudghiri"),
    ("الملاخ", "Mellakh"),
    ("الشاوي", "Chaoui"),
    ("الهاشمي", "Hachimi"),
    ("بنعيسى", "Benaissa"),
    ("الزموري", "Zemmouri"),
    ("الكوهن", "Cohen"),
    ("أمزيان", "Amziane"),
    ("أوعلي", "Ouali"),
]
_QUALITIES = [
    ("الأمل", "Al Amal"),
    ("الشفاء", "Achifa"),
    ("النخيل", "Les Palmiers"),
    ("الياسمين", "Yasmine"),
    ("الأطلس", "Atlas"),
    ("الرحمة", "Rahma"),
    ("السلام", "Salam"),
    ("النور", "Nour"),
    ("الزيتون", "Zitoune"),
    ("الأندلس", "Andalous"),
    ("الحكمة", "Hikma"),
    ("الفارابي", "Al Farabi"),
    ("ابن سينا", "Ibn Sina"),
    ("ابن رشد", "Ibn Rochd"),
    ("ابن النفيس", "Ibn Nafis"),
    ("الزهراء", "Zahra"),
    ("الرازي", "Razi"),
    ("ابن طفيل", "Ibn Tofaïl"),
    ("المنار", "Al Manar"),
    ("الهدى", "Al Houda"),
    ("الوفاء", "Al Wafa"),
    ("الرياض", "Riad"),
    ("أنفا", "Anfa"),
    ("الأمان", "Al Aman"),
    ("السعادة", "Saâda"),
    ("الحياة", "Al Hayat"),
    ("المستقبل", "Al Moustakbal"),
    ("الزهراوي", "Zahraoui"),
    ("ابن خلدون", "Ibn Khaldoun"),
    ("الكرم", "Al Karam"),
    ("الواحة", "L'Oasis"),
    ("البساتين", "Les Jardins"),
    ("المحيط", "L'Océan"),
    ("الضياء", "Diyae"),
]
_CITIES = [
    ("الرباط", "Rabat"),
    ("الدار البيضاء", "Casablanca"),
    ("فاس", "Fès"),
    ("مراكش", "Marrakech"),
    ("طنجة", "Tanger"),
    ("أكادير", "Agadir"),
    ("مكناس", "Meknès"),
    ("وجدة", "Oujda"),
    ("القنيطرة", "Kénitra"),
    ("تطوان", "Tétouan"),
    ("العيون", "Laâyoune"),
    ("الجديدة", "El Jadida"),
    ("بني ملال", "Béni Mellal"),
    ("آسفي", "Safi"),
    ("الناظور", "Nador"),
    ("سطات", "Settat"),
    ("خريبكة", "Khouribga"),
    ("تازة", "Taza"),
    ("ورزازات", "Ouarzazate"),
    ("الداخلة", "Dakhla"),
    ("سلا", "Salé"),
    ("المحمدية", "Mohammédia"),
    ("الصويرة", "Essaouira"),
    ("الحسيمة", "Al Hoceïma"),
    ("إفران", "Ifrane"),
    ("تمارة", "Témara"),
    ("برشيد", "Berrechid"),
    ("خنيفرة", "Khénifra"),
    ("كلميم", "Guelmim"),
    ("الراشيدية", "Errachidia"),
    ("داكار", "Dakar"),
    ("أبيدجان", "Abidjan"),
    ("باماكو", "Bamako"),
    ("نواكشوط", "Nouakchott"),
    ("ليبرفيل", "Libreville"),
    ("دوالا", "Douala"),
    ("كوتونو", "Cotonou"),
    ("تونس", "Tunis"),
]
_SPECIALTIES = [
    ("لأمراض القلب", "de Cardiologie"),
    ("للأشعة", "de Radiologie"),
    ("للتحاليل الطبية", "d'Analyses Médicales"),
    ("لطب العيون", "d'Ophtalmologie"),
    ("للأنكولوجيا", "d'Oncologie"),
    ("للأم والطفل", "Mère et Enfant"),
    ("لتصفية الدم", "d'Hémodialyse"),
    ("للترويض الطبي", "de Rééducation"),
    ("للتصوير الطبي", "d'Imagerie Médicale"),
    ("للخصوبة", "de Fertilité"),
    ("لطب الأسنان", "Dentaire"),
    ("للجراحة", "de Chirurgie"),
    ("للمستعجلات", "des Urgences"),
    ("لطب الأطفال", "Pédiatrique"),
    ("للطب النووي", "de Médecine Nucléaire"),
    ("للأمراض الجلدية", "de Dermatologie"),
    ("للصحة", "Santé"),
    ("الدولي", "International"),
]
_BRAND_HEADS = [
    ("ميدي", "Medi"),
    ("أكدي", "Akdi"),
    ("سانو", "Sano"),
    ("نوفا", "Nova"),
    ("فيتا", "Vita"),
    ("بيو", "Bio"),
    ("كاردي", "Cardi"),
    ("أورا", "Aura"),
    ("إيلي", "Eli"),
    ("زينا", "Zena"),
    ("سيرا", "Sera"),
    ("لومي", "Lumi"),
    ("أوكسي", "Oxy"),
    ("تيرا", "Terra"),
    ("ألفا", "Alpha"),
    ("دلتا", "Delta"),
    ("صحا", "Saha"),
    ("شيفا", "Chifa"),
    ("أمي", "Ami"),
    ("كلي", "Cli"),
    ("فارما", "Pharma"),
    ("جينو", "Geno"),
    ("نيو", "Neo"),
    ("أستر", "Aster"),
]
_BRAND_TAILS = [
    ("تال", "tal"),
    ("كير", "care"),
    ("فيا", "via"),
    ("ليس", "lys"),
    ("ميد", "med"),
    ("نور", "nor"),
    ("سيس", "sis"),
    ("لاب", "lab"),
    ("يا", "ia"),
    ("ديس", "dis"),
    ("مار", "mar"),
    ("كوم", "com"),
    ("تيك", "tec"),
    ("فال", "val"),
    ("رون", "ron"),
    ("زان", "zan"),
]
_BRAND_SUFFIXES = [
    ("للصحة", "Santé"),
    ("ميديكال", "Médical"),
    ("كير", "Care"),
    ("فارما", "Pharma"),
    ("هيلث", "Health"),
    ("للرعاية الصحية", "Healthcare"),
    ("دياغنوستيك", "Diagnostic"),
    ("بيوتيك", "Biotech"),
    ("المغرب", "Maroc"),
    ("إفريقيا", "Afrique"),
]
_ACRONYM_LETTERS = "ABCDEFGHIKLMNOPRSTV"
_NATIONALITIES = ["المغربي"] * 12 + [
    "الفرنسي",
    "السنغالي",
    "الإيفواري",
    "التونسي",
    "الأمريكي",
    "الإماراتي",
    "الموريتاني",
    "الكاميروني",
    "الغابوني",
    "المالي",
    "المصري",
    "النيجيري",
    "الألماني",
    "الإسباني",
    "البلجيكي",
    "السعودي",
]
_REGIONS = [
    "جهة الدار البيضاء سطات",
    "جهة الرباط سلا القنيطرة",
    "جهة فاس مكناس",
    "جهة مراكش آسفي",
    "جهة طنجة تطوان الحسيمة",
    "جهة سوس ماسة",
    "جهة الشرق",
    "جهة بني ملال خنيفرة",
    "جهة درعة تافيلالت",
    "جهة العيون الساقية الحمراء",
    "جهة الداخلة وادي الذهب",
    "جهة كلميم واد نون",
    "دول إفريقيا جنوب الصحراء",
    "غرب إفريقيا",
    "أفريقيا الناطقة بالفرنسية",
    "منطقة الساحل",
    "شمال إفريقيا",
    "وسط إفريقيا",
]
_MA_REGIONS = [
    ("جهة الدار البيضاء سطات", "Casablanca-Settat"),
    ("جهة الرباط سلا القنيطرة", "Rabat-Salé-Kénitra"),
    ("جهة فاس مكناس", "Fès-Meknès"),
    ("جهة مراكش آسفي", "Marrakech-Safi"),
    ("جهة طنجة تطوان الحسيمة", "Tanger-Tétouan-Al Hoceïma"),
    ("جهة سوس ماسة", "Souss-Massa"),
    ("جهة الشرق", "L'Oriental"),
    ("جهة بني ملال خنيفرة", "Béni Mellal-Khénifra"),
    ("جهة درعة تافيلالت", "Drâa-Tafilalet"),
    ("جهة العيون الساقية الحمراء", "Laâyoune-Sakia El Hamra"),
]
_GOALS = [
    "تعزيز العرض الصحي في {region}",
    "تقريب الخدمات الصحية من المواطنين",
    "تسهيل الولوج إلى العلاج",
    "تطوير الطب عن بعد",
    "تكوين الأطر الطبية وشبه الطبية",
    "تحسين جودة التكفل بالمرضى",
    "نقل التكنولوجيا الطبية الحديثة إلى {region}",
    "خفض آجال الانتظار في المستعجلات",
    "توسيع شبكة مراكزها في {region}",
    "مواكبة ورش تعميم الحماية الاجتماعية",
    "تطوير السياحة العلاجية",
    "تصنيع الأدوية الجنيسة محليا",
    "رقمنة الملف الطبي للمريض",
    "دعم البحث العلمي في المجال الطبي",
    "تعزيز تبادل الخبرات مع الشركاء الإقليميين",
    "تخفيف الضغط على المستشفيات العمومية في {region}",
    "تحقيق السيادة الدوائية للمملكة",
    "إحداث مستشفى جامعي خاص في {city}",
    "افتتاح مصحة جديدة في {city}",
]
_COMMITMENTS = [
    "توفير التجهيزات الطبية",
    "تكوين الأطباء والتقنيين",
    "تبادل الخبرات والتجارب",
    "إحداث مركز للتكوين",
    "ضمان خدمة ما بعد البيع",
    "توزيع الأدوية والمستلزمات",
    "إنجاز دراسات سريرية مشتركة",
    "تجهيز غرف العمليات",
    "تقديم التكوين المستمر للممرضين",
    "إطلاق منصة رقمية لحجز المواعيد",
    "تمويل اقتناء أجهزة الرنين المغناطيسي",
    "التكفل بالمرضى المعوزين",
    "تدبير وحدات تصفية الدم",
    "تطوير وحدة للطب النووي",
    "إحداث مختبر مرجعي للتحاليل",
]
_PROJECTS = [
    "مصحة متعددة التخصصات",
    "مركز للأنكولوجيا",
    "وحدة لتصفية الدم",
    "مختبر للتحاليل الجينية",
    "مستشفى خاص",
    "مركز للتكوين",
    "مصنع للأدوية",
    "مركز للتصوير الطبي",
    "وحدة للمستعجلات",
]
_STANDINGS = [
    "من أبرز الفاعلين في القطاع الصحي الخاص بالمغرب",
    "رائدة في مجال الرعاية الصحية الحديثة",
    "من بين أكبر المجموعات الصحية في القارة الإفريقية",
    "مرجعا وطنيا في {act}",
    "أول مجموعة صحية مدرجة في بورصة الدار البيضاء",
    "من الشركات الرائدة على مستوى السوق المغربية",
]
_ACCREDITATIONS = [
    "شهادة الجودة ISO 9001",
    "اعتماد JCI الدولي",
    "شهادة ISO 15189",
    "اعتماد وزارة الصحة والحماية الاجتماعية",
    "شهادة ISO 14001",
    "علامة الجودة Qualicert",
]
_PARTNERSHIP_KINDS = [
    "اتفاقية شراكة استراتيجية",
    "اتفاقية تعاون",
    "مذكرة تفاهم",
    "عقد شراكة حصري",
    "اتفاقية إطار",
    "شراكة بين القطاعين العام والخاص",
]
_PARTNERSHIP_TOPICS = [
    ("لتصفية الدم", "Hémodialyse"),
    ("للتكوين", "Formation"),
    ("للتصوير الطبي", "Imagerie"),
    ("للأنكولوجيا", "Oncologie"),
    ("للطب عن بعد", "Télémédecine"),
    ("للتحاليل", "Analyses"),
    ("لتوزيع الأدوية", "Distribution"),
    ("للبحث السريري", "Recherche Clinique"),
    ("في إفريقيا", "Afrique"),
    ("للمستعجلات", "Urgences"),
    ("لتجهيز المصحات", "Équipement"),
    ("للرقمنة", "Digital"),
]
_ASSOC_HEADS = [
    ("الجمعية المغربية", "Association Marocaine", "AM"),
    ("الفيدرالية الوطنية", "Fédération Nationale", "FN"),
    ("الاتحاد الإفريقي", "Union Africaine", "UA"),
    ("الجمعية الوطنية", "Association Nationale", "AN"),
    ("التجمع المهني", "Groupement Professionnel", "GP"),
    ("الهيئة الوطنية", "Conseil National", "CN"),
    ("النقابة الوطنية", "Syndicat National", "SN"),
    ("الائتلاف المغربي", "Coalition Marocaine", "CM"),
]
_ASSOC_OBJECTS = [
    ("لمجموعات الصحة", "des Groupes de Santé", "GS"),
    ("للمصحات الخاصة", "des Cliniques Privées", "CP"),
    ("لمختبرات التحاليل الطبية", "des Laboratoires d'Analyses", "LA"),
    ("لصناعة الأدوية", "de l'Industrie Pharmaceutique", "IP"),
    ("لموزعي المعدات الطبية", "des Distributeurs de Matériel Médical", "DMM"),
    ("لمراكز الأشعة", "des Centres de Radiologie", "CR"),
    ("لمراكز تصفية الدم", "des Centres d'Hémodialyse", "CH"),
    ("للصيادلة", "des Pharmaciens", "P"),
    ("لأطباء القطاع الخاص", "des Médecins du Secteur Libéral", "MSL"),
    ("لأطباء الأسنان", "des Chirurgiens-Dentistes", "CD"),
    ("للمصحات متعددة التخصصات", "des Polycliniques", "PC"),
    ("للمهنيين الصحيين", "des Professionnels de Santé", "PS"),
    ("لمصنعي المستلزمات الطبية", "des Fabricants de Dispositifs Médicaux", "FDM"),
    ("للممرضين", "des Infirmiers", "I"),
    ("للأطباء الأخصائيين", "des Médecins Spécialistes", "MS"),
    ("للمختبرات الخاصة", "des Laboratoires Privés", "LP"),
    ("للتأمين الصحي", "de l'Assurance Maladie", "AM"),
    ("للصحة الرقمية", "de la Santé Numérique", "SN"),
    ("للمؤسسات الصحية الخاصة", "des Établissements de Santé Privés", "ESP"),
    ("للسياحة العلاجية", "du Tourisme Médical", "TM"),
]
_ASSOC_KINDS = ["جمعية مهنية", "فيدرالية مهنية", "تجمع مهني", "هيئة تمثيلية", "ائتلاف مهني"]
_FIRST_NAMES = [
    ("محمد", "Mohamed", False),
    ("أحمد", "Ahmed", False),
    ("يوسف", "Youssef", False),
    ("كريم", "Karim", False),
    ("سعيد", "Saïd", False),
    ("رشيد", "Rachid", False),
    ("عبد الرحيم", "Abderrahim", False),
    ("عبد الرؤوف", "Abderraouf", False),
    ("مهدي", "Mehdi", False),
    ("عمر", "Omar", False),
    ("هشام", "Hicham", False),
    ("إدريس", "Driss", False),
    ("أمين", "Amine", False),
    ("عادل", "Adil", False),
    ("طارق", "Tarik", False),
    ("خالد", "Khalid", False),
    ("نبيل", "Nabil", False),
    ("حسن", "Hassan", False),
    ("عبد الله", "Abdellah", False),
    ("مصطفى", "Mustapha", False),
    ("جمال", "Jamal", False),
    ("عثمان", "Othmane", False),
    ("زكرياء", "Zakaria", False),
    ("ياسين", "Yassine", False),
    ("فاطمة الزهراء", "Fatima Zahra", True),
    ("ليلى", "Leïla", True),
    ("نادية", "Nadia", True),
    ("سلمى", "Salma", True),
    ("خديجة", "Khadija", True),
    ("مريم", "Meryem", True),
    ("أسماء", "Asmae", True),
    ("سناء", "Sanaa", True),
    ("هند", "Hind", True),
    ("إيمان", "Imane", True),
    ("غيثة", "Ghita", True),
    ("كنزة", "Kenza", True),
    ("نزهة", "Nezha", True),
    ("سميرة", "Samira", True),
    ("لبنى", "Loubna", True),
    ("رجاء", "Rajae", True),
]
# (masculine, feminine, takes the preposition ل before the organization)
_TITLES = [
    ("المدير العام", "المديرة العامة", True),
    ("الرئيس المدير العام", "الرئيسة المديرة العامة", True),
    ("رئيس مجلس الإدارة", "رئيسة مجلس الإدارة", True),
    ("المدير الطبي", "المديرة الطبية", True),
    ("مؤسس", "مؤسسة", False),
    ("المدير المالي", "المديرة المالية", True),
    ("مدير التطوير", "مديرة التطوير", True),
    ("الكاتب العام", "الكاتبة العامة", True),
    ("مدير العمليات بإفريقيا", "مديرة العمليات بإفريقيا", True),
]
_BACKGROUNDS = [
    "طبيب مختص في جراحة القلب",
    "خبير في تدبير المؤسسات الصحية",
    "أستاذ بكلية الطب والصيدلة ب{city}",
    "مهندس في المعلوميات الطبية",
    "صيدلاني وخبير في صناعة الأدوية",
    "طبيب مختص في الأشعة",
    "خريج المدرسة الوطنية للتجارة والتسيير",
    "طبيب مختص في طب الأطفال",
]
_STATEMENTS = [
    "نعمل على {goal}",
    "نطمح إلى {goal} في أفق سنة {year}",
    "تتمحور أولويتنا الرئيسية حول {goal}",
    "هذه الخطوة ستمكننا من {goal}",
    "نراهن على الكفاءات الوطنية من أجل {goal}",
    "الاستثمار في الصحة هو استثمار في الإنسان، وهدفنا {goal}",
    "نلتزم أمام شركائنا ب{goal}",
]
_OUTLETS = [
    "هسبريس",
    "آشكاين",
    "Le360",
    "مدار21",
    "اليوم 24",
    "الصحراء المغربية",
    "Médias24",
    "هبة بريس",
    "العمق المغربي",
    "L'Économiste",
    "الأحداث المغربية",
    "فبراير",
    "Le Matin",
    "TelQuel",
    "بلادنا24",
]
_OUTLET_SLUGS = [
    "hespress",
    "achkayen",
    "le360",
    "madar21",
    "alyaoum24",
    "assahra",
    "medias24",
    "hibapress",
    "alaoual",
    "leconomiste",
    "ahdath",
    "febrayer",
    "lematin",
    "telquel",
    "biladna24",
]
_FILLERS = [
    (
        "ويأتي هذا الإعلان في سياق ورش تعميم الحماية الاجتماعية الذي أطلقه المغرب سنة 2021، والذي يهدف إلى "
        "تمكين أزيد من {big} مليون مستفيد من التأمين الإجباري عن المرض (AMO)."
    ),
    (
        "وحسب معطيات وزارة الصحة والحماية الاجتماعية، فإن القطاع الخاص يستحوذ على حوالي {pct} في المائة من "
        "الطاقة السريرية الوطنية، موزعة على أكثر من {n} مصحة."
    ),
    (
        "ويعرف القطاع الصحي الخاص بالمغرب دينامية متسارعة منذ فتح رأسمال المصحات أمام المستثمرين غير الأطباء "
        "بموجب القانون 131.13."
    ),
    (
        "ويرى متتبعون أن الاستثمارات الجديدة من شأنها تخفيف الضغط على المستشفيات العمومية، خاصة في جهة "
        "{region} التي تعاني من خصاص في الأطر الطبية."
    ),
    (
        "وتشير تقديرات الهيئة الوطنية للطبيبات والأطباء إلى أن المغرب يحتاج إلى أكثر من {n} طبيب إضافي لبلوغ "
        "المعايير التي توصي بها منظمة الصحة العالمية (OMS)."
    ),
    "وفي هذا الإطار، تراهن عدة مجموعات على التوسع نحو {city} ومدن أخرى، في ظل ارتفاع الطلب على خدمات التشخيص والعلاج.",
    (
        "يذكر أن سوق الأجهزة الطبية بالمغرب قدر بحوالي {money} مليار درهم سنة {year}، وفق دراسة أنجزها مكتب "
        "Frost & Sullivan."
    ),
    (
        "وكان مجلس المنافسة قد نبه في تقرير سابق إلى تركز العرض الصحي الخاص في محور الدار البيضاء والرباط، "
        "الذي يضم حوالي {pct} في المائة من المصحات."
    ),
    "ومن المرتقب أن يتم تقديم تفاصيل إضافية خلال ندوة صحفية ستعقد ب{city} في الأسابيع المقبلة.",
    (
        "وتتزامن هذه الخطوة مع انعقاد الدورة {n2} من المعرض الدولي للصحة Medical Expo بالدار البيضاء، "
        "بمشاركة أزيد من {n3} عارض من {n2} بلدا."
    ),
    (
        "وأكد المصدر ذاته أن الأولوية ستعطى لتكوين الموارد البشرية، وتعزيز الشراكات مع الجامعات والمعاهد "
        "العليا للمهن التمريضية وتقنيات الصحة (ISPITS)."
    ),
    "وتسعى السلطات الصحية إلى تقليص الفوارق المجالية في الولوج إلى العلاج، خاصة بالمناطق القروية والجبلية.",
    (
        "وبلغت نفقات الصندوق الوطني للضمان الاجتماعي (CNSS) على العلاجات في القطاع الخاص حوالي {money} مليار "
        "درهم خلال سنة {year}."
    ),
    (
        "ويطرح التوسع السريع للمجموعات الصحية الخاصة تساؤلات حول تسعيرة الخدمات ومدى احترام التعريفة الوطنية "
        "المرجعية (TNR)."
    ),
]
# verbs that announce something (عن ...) and verbs that report that (أن ...): (feminine, masculine)
_LEADS_ANNOUNCE = [("وأعلنت", "وأعلن"), ("وكشفت", "وكشف")]
_LEADS_REPORT = [("وأفادت", "وأفاد"), ("وأكدت", "وأكد"), ("وأوضحت", "وأوضح")]
_TAILS_ANNOUNCE = ["عن نتائج إيجابية خلال السنة الماضية", "عن مخطط تنموي جديد", "عن تعزيز طاقتها الاستيعابية"]
_TAILS_REPORT = [
    ("أنها ماضية في توسيع أنشطتها", "أنه ماض في توسيع أنشطته"),
    ("أنها تواصل تعزيز حضورها", "أنه يواصل تعزيز حضوره"),
]

# (unit, label, (plural 3-10, accusative 11-99, genitive 100+), low, high)
_METRICS = [
    ("beds", "Beds", ("أسرة", "سريرا", "سرير"), 20, 600),
    ("care units", "Care units", ("وحدات رعاية", "وحدة رعاية", "وحدة رعاية"), 3, 60),
    ("cities", "Cities", ("مدن", "مدينة", "مدينة"), 3, 25),
    ("countries", "Presence in Africa", ("بلدان", "بلدا", "بلد"), 3, 30),
    ("doctors", "Doctors", ("أطباء", "طبيبا", "طبيب"), 5, 450),
    ("laboratories", "Laboratories", ("مختبرات", "مختبرا", "مختبر"), 3, 120),
    ("operating rooms", "Operating rooms", ("غرف عمليات", "غرفة عمليات", "غرفة عمليات"), 3, 30),
    ("clinics", "Clinics", ("مصحات", "مصحة", "مصحة"), 3, 40),
    ("patients per year", "Patients per year", ("مرضى سنويا", "مريضا سنويا", "مريض سنويا"), 1000, 250000),
    ("health professionals", "Health professionals", ("من المهنيين الصحيين",) * 3, 50, 6000),
]
_QUALIFIERS = [
    (None, ""),
    (None, ""),
    (None, ""),
    ("more than", "أكثر من "),
    ("about", "حوالي "),
    ("more than", "أزيد من "),
]

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_DROP.sub("-", ascii_text).strip("-")[:80].strip("-") or "x"


_GENERIC_WORDS = frozenset(
    [
        "groupe",
        "clinique",
        "laboratoire",
        "laboratoires",
        "centre",
        "centres",
        "societe",
        "hopital",
        "prive",
        "institut",
        "complexe",
        "medical",
        "polyclinique",
        "d",
        "de",
        "des",
        "l",
        "la",
        "du",
        "et",
        "sante",
    ]
)


def _core_slug(record_id: str) -> str:
    """The distinctive words of an organization id: groupe-tazi -> tazi."""
    words = [w for w in record_id.split("-") if w not in _GENERIC_WORDS and not w.isdigit()]
    return "-".join(words[:2]) or record_id.split("-")[0]


def _counted(n: int, forms: tuple[str, str, str]) -> str:
    """`n` followed by the noun in the form Arabic grammar asks for after that number."""
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {forms[0]}"
    if rest >= 11 or n < 100:
        return f"{n} {forms[1]}"
    return f"{n} {forms[2]}"


def _with_lam(name: str) -> str:
    """`name` after the preposition ل: للمصحة, لمجموعة, لـ T2S."""
    if name.startswith("ال"):
        return "ل" + name[1:]
    if name[:1].isascii():
        return "لـ " + name
    return "ل" + name


def _bi(name: str) -> str:
    """`name` after the preposition ب."""
    return "ب" + name if not name[:1].isascii() else "بـ " + name


def _money(millions: int) -> tuple[str, float]:
    if millions >= 1000:
        billions = round(millions / 1000, 1)
        return f"{billions:g} مليار درهم", billions * 1e9
    return f"{millions} مليون درهم", millions * 1e6


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def _counts(n: int) -> dict[str, int]:
    """How many records of each table a database of `n` records has."""
    if n <= 0:
        return dict.fromkeys(TABLE_ORDER, 0)
    if n < len(TABLE_ORDER):
        counts = dict.fromkeys(TABLE_ORDER, 0)
        for table in _SMALL_ORDER[:n]:
            counts[table] = 1
        return counts
    exact = {table: n * share for table, share in PROPORTIONS.items()}
    counts = {table: max(1, int(value)) for table, value in exact.items()}
    # sources round up, so that no article has to hold more than about 20 records' sentences
    counts["sources"] = max(1, math.ceil(exact["sources"] - 1e-9))
    others = [table for table in TABLE_ORDER if table != "sources"]
    # largest remainders first, then the biggest table absorbs any excess of the minimums
    by_remainder = sorted(others, key=lambda t: (-(exact[t] - int(exact[t])), TABLE_ORDER.index(t)))
    index = 0
    while sum(counts.values()) < n:
        counts[by_remainder[index % len(by_remainder)]] += 1
        index += 1
    while sum(counts.values()) > n:
        biggest = max(others, key=lambda t: counts[t])
        counts[biggest] -= 1
    return counts


def _fact(
    field: str,
    label: str,
    value: str,
    quote: str,
    number: float | None = None,
    unit: str | None = None,
    qualifier: str | None = None,
    ref: str | None = None,
) -> dict[str, Any]:
    fact: dict[str, Any] = {"field": field, "label": label, "value": value, "source": "", "quote": quote}
    if number is not None:
        fact["number"] = number
    if unit is not None:
        fact["unit"] = unit
    if qualifier is not None:
        fact["qualifier"] = qualifier
    if ref is not None:
        fact["ref"] = ref
    return fact


class _Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(f"marsad-synth:{seed}")
        self.counts = _counts(n)
        self.ids: dict[str, None] = {}
        self.names: dict[str, None] = {}

    # -- ids and names ------------------------------------------------------
    def unique_id(self, base: str) -> str:
        base = base or "x"
        if base not in self.ids:
            self.ids[base] = None
            return base
        number = 2
        while f"{base}-{number}" in self.ids:
            number += 1
        self.ids[f"{base}-{number}"] = None
        return f"{base}-{number}"

    def fresh_name(self, compose, attempts: int = 6, numbered: bool = True):
        """Compose names until one is new; the last resort numbers it, like a branch.

        People are not numbered: after `attempts` tries, a namesake is kept.
        """
        for _ in range(attempts):
            parts = compose()
            if parts[0] not in self.names:
                break
        else:
            if not numbered:
                return parts
            number = 2
            while f"{parts[0]} {number}" in self.names:
                number += 1
            parts = (f"{parts[0]} {number}", f"{parts[1]} {number}", *parts[2:])
        self.names[parts[0]] = None
        return parts

    # -- organizations --------------------------------------------------------
    def org_name(self):
        rng = self.rng
        kind = rng.random()
        type_ar, type_lat, fem, family = rng.choice(_ORG_TYPES)
        core_ar = core_lat = None
        if kind < 0.22:  # Groupe Tazi, Clinique Ibn Sina de Cardiologie
            core_ar, core_lat = rng.choice(_FAMILIES if rng.random() < 0.5 else _QUALITIES)
            ar, lat = f"{type_ar} {core_ar}", f"{type_lat} {core_lat}"
            if rng.random() < 0.6:
                spec_ar, spec_lat = rng.choice(_SPECIALTIES)
                ar, lat = f"{ar} {spec_ar}", f"{lat} {spec_lat}"
        elif kind < 0.55:  # Laboratoire Achifa Fès
            core_ar, core_lat = rng.choice(_QUALITIES if rng.random() < 0.6 else _FAMILIES)
            city_ar, city_lat = rng.choice(_CITIES)
            ar, lat = f"{type_ar} {core_ar} {_bi(city_ar)}", f"{type_lat} {core_lat} {city_lat}"
            if rng.random() < 0.3:
                spec_ar, spec_lat = rng.choice(_SPECIALTIES)
                ar, lat = (
                    f"{type_ar} {core_ar} {spec_ar} {_bi(city_ar)}",
                    f"{type_lat} {core_lat} {spec_lat} {city_lat}",
                )
        elif kind < 0.85:  # Medivia Santé, Akdital
            head_ar, head_lat = rng.choice(_BRAND_HEADS)
            tail_ar, tail_lat = rng.choice(_BRAND_TAILS)
            core_ar, core_lat = head_ar + tail_ar, head_lat + tail_lat
            if rng.random() < 0.7:
                suffix_ar, suffix_lat = rng.choice(_BRAND_SUFFIXES)
                ar, lat = f"{core_ar} {suffix_ar}", f"{core_lat} {suffix_lat}"
            else:
                ar, lat = f"{type_ar} {core_ar}", f"{type_lat} {core_lat}"
            fem = True
        else:  # Groupe T2S, Laboratoires BMD
            core_ar = core_lat = "".join(rng.choice(_ACRONYM_LETTERS) for _ in range(rng.randint(2, 4)))
            if rng.random() < 0.3:
                core_lat = core_ar = core_ar[:-1] + str(rng.randint(2, 9))
            ar, lat = f"{type_ar} {core_ar}", f"{type_lat} {core_lat}"
        return ar, lat, fem, family, core_ar, core_lat

    def organizations(self) -> list[dict[str, Any]]:
        rng = self.rng
        orgs = []
        for _ in range(self.counts["organizations"]):
            ar, lat, fem, family, core_ar, core_lat = self.fresh_name(self.org_name)
            names: dict[str, Any] = {"ar": ar}
            if rng.random() < 0.8:
                names["latin"] = lat
            aliases = []
            if rng.random() < 0.2 and core_ar and core_ar != ar:
                aliases.append(core_ar)
                if rng.random() < 0.4 and core_lat != core_ar:
                    aliases.append(core_lat)
            if aliases:
                names["aliases"] = aliases
            org = {
                "id": self.unique_id(_slug(lat)),
                "names": names,
                "facts": [],
                # generation state, removed before output
                "_fem": fem,
                "_family": family,
                "_mention": f"{ar} ({lat})" if "latin" in names and lat != ar else ar,
            }
            orgs.append(org)
        return orgs

    def pick(self, options: list[str]) -> str:
        rng = self.rng
        text = rng.choice(options)
        if "{" in text:
            text = text.format(
                region=rng.choice(_REGIONS),
                city=rng.choice(_CITIES)[0],
                act=rng.choice(_ACTIVITIES["group"]),
                year=rng.randint(2025, 2035),
                goal="{goal}",
            )
        return text

    def org_sentences(self, org: dict[str, Any]) -> list[list[tuple[str, list[dict[str, Any]]]]]:
        """The sentences about an organization, grouped by the source they go to."""
        rng = self.rng
        fem = org["_fem"]
        name = org["names"]["ar"]
        t = (lambda f, m: f) if fem else (lambda f, m: m)
        roll = rng.random()
        if roll < 0.015:
            extra = rng.randint(7, 10)  # a record with a long detail view
        elif roll < 0.10:
            extra = rng.randint(2, 3)
        elif roll < 0.38:
            extra = 1
        else:
            extra = 0

        # the introduction: nationality, activity, sometimes a new site
        nat = rng.choice(_NATIONALITIES) + t("ة", "")
        act = rng.choice(_ACTIVITIES[org["_family"]])
        announce = rng.random() < 0.5
        lead = t(*rng.choice(_LEADS_ANNOUNCE if announce else _LEADS_REPORT))
        latin = org["names"].get("latin")
        intro = f"{name} {nat}"
        mention = f"{intro} ({latin})" if latin and latin != name else intro
        specialised = t("المتخصصة", "المتخصص") + f" في {act}"
        facts = [
            _fact("country", "Nationality", nat, intro),
            _fact("kind", "Activity", act, specialised),
        ]
        if rng.random() < 0.5:
            city = rng.choice(_CITIES)[0]
            site = f"افتتاح فرع جديد {_bi(city)}"
            tail = f"عن {site}" if announce else t("أنها بصدد ", "أنه بصدد ") + site
            facts.append(_fact("region", "New site", city, site))
        elif announce:
            tail = rng.choice(_TAILS_ANNOUNCE)
        else:
            tail = t(*rng.choice(_TAILS_REPORT))
        groups = [[(f"{lead} {mention}، {specialised}، {tail}.", facts)]]

        templates = [
            self.org_footprint,
            self.org_goal,
            self.org_investment,
            self.org_founding,
            self.org_accreditation,
            self.org_revenue,
        ]
        for index in range(extra):
            sentence = rng.choice(templates)(org, name, t)
            if index == 0 or rng.random() < 0.5:
                groups[-1].append(sentence)
            else:
                groups.append([sentence])
        return groups

    def metric(self, exclude: str | None = None):
        rng = self.rng
        unit, label, forms, low, high = rng.choice(_METRICS)
        while unit == exclude:
            unit, label, forms, low, high = rng.choice(_METRICS)
        number = rng.randint(low, high)
        if number > 1000:
            number = round(number, -2)
        qualifier, prefix = rng.choice(_QUALIFIERS)
        value = prefix + _counted(number, forms)
        return value, number, unit, label, qualifier

    def org_footprint(self, org, name, t):
        v1, n1, u1, l1, q1 = self.metric()
        v2, n2, u2, l2, q2 = self.metric(exclude=u1)
        verb = t("وتتوفر", "ويتوفر")
        head = f"{verb} {name} على {v1}"
        facts = [_fact("footprint", l1, v1, head, n1, u1, q1), _fact("footprint", l2, v2, f"و{v2}", n2, u2, q2)]
        sentence = f"{head} و{v2}"
        if self.rng.random() < 0.5:
            region = self.rng.choice(_REGIONS)
            sentence += f"، تتركز أساسا في {region}"
            facts.append(_fact("region", "Region", region, f"تتركز أساسا في {region}"))
        return sentence + ".", facts

    def org_goal(self, org, name, t):
        g1, g2 = self.pick(_GOALS), self.pick(_GOALS)
        first = f"{t('وتسعى', 'ويسعى')} {name} إلى {g1}"
        g2 = g2 if g2 != g1 else "تطوير خدماتها"
        second = f"تعمل على {g2}"
        facts = [_fact("goal", "Goal", g1, f"إلى {g1}"), _fact("goal", "Goal", g2, second)]
        return f"{first}، كما {second}.", facts

    def org_investment(self, org, name, t):
        rng = self.rng
        value, amount = _money(
            rng.choice([5, 10, 20, 35, 50, 80, 120, 150, 200, 300, 450, 600, 1200, 2500]) + rng.randint(0, 4)
        )
        project = rng.choice(_PROJECTS)
        city = rng.choice(_CITIES)[0]
        quote_cost = f"استثمارا إجماليا قدره {value}"
        sentence = (
            f"{t('ورصدت', 'ورصد')} {name} {quote_cost} لإنجاز {project} {_bi(city)}، "
            f"على أن تنطلق الأشغال سنة {rng.randint(2019, 2026)}."
        )
        return sentence, [
            _fact("cost", "Investment", value, quote_cost, amount, "MAD"),
            _fact("project", "Project", f"{project} {_bi(city)}", f"لإنجاز {project} {_bi(city)}"),
        ]

    def org_founding(self, org, name, t):
        rng = self.rng
        year = rng.randint(1962, 2021)
        standing = self.pick(_STANDINGS)
        founded = f"{t('وتأسست', 'وتأسس')} {name} سنة {year}"
        return f"{founded}، {t('وتعد', 'ويعد')} اليوم {standing}.", [
            _fact("founding", "Founded", f"سنة {year}", founded, year, "year"),
            _fact("standing", "Standing", standing, standing),
        ]

    def org_accreditation(self, org, name, t):
        rng = self.rng
        accreditation = rng.choice(_ACCREDITATIONS)
        expertise = rng.choice(_ACTIVITIES[org["_family"]])
        return f"{t('وحصلت', 'وحصل')} {name} على {accreditation}، بفضل خبرة معترف بها في {expertise}.", [
            _fact("accreditation", "Accreditation", accreditation, f"على {accreditation}"),
            _fact("expertise", "Expertise", expertise, f"خبرة معترف بها في {expertise}"),
        ]

    def org_revenue(self, org, name, t):
        rng = self.rng
        value, amount = _money(rng.randint(12, 3200))
        year = rng.randint(2015, 2024)
        staff = rng.randint(80, 6000)
        revenue = f"رقم معاملات بلغ {value} خلال سنة {year}"
        staffed = f"{t('وتشغل', 'ويشغل')} {staff} من المهنيين الصحيين"
        return f"{t('وحققت', 'وحقق')} {name} {revenue}، {staffed}.", [
            _fact("revenue", "Revenue", f"{value} ({year})", revenue, amount, "MAD"),
            _fact("staff", "Staff", f"{staff} من المهنيين الصحيين", staffed, staff, "health professionals"),
        ]

    # -- partnerships ---------------------------------------------------------
    def partnerships(self, orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        records = []
        for _ in range(self.counts["partnerships"]):
            size = min(len(orgs), 3 if rng.random() < 0.15 else 2)
            parties = rng.sample(orgs, size) if size else []
            topic_ar, topic_lat = rng.choice(_PARTNERSHIP_TOPICS)

            def compose(parties: list[dict[str, Any]] = parties, topic_ar: str = topic_ar) -> tuple[str, str]:
                names_ar = [p["names"]["ar"] for p in parties]
                names_lat = [p["names"].get("latin") or p["names"]["ar"] for p in parties]
                ar = "شراكة " + " و".join(names_ar) + (f" {topic_ar}" if rng.random() < 0.5 else "")
                return ar, " – ".join(names_lat)

            ar, lat = self.fresh_name(compose)
            names: dict[str, Any] = {"ar": ar}
            if all("latin" in p["names"] for p in parties):
                names["latin"] = lat
            base = "-".join(_core_slug(p["id"]) for p in parties) or "partnership"
            if rng.random() < 0.3:
                base += "-" + _slug(topic_lat)
            record = {
                "id": self.unique_id(base),
                "names": names,
                "parties": [p["id"] for p in parties],
                "facts": [],
                "_parties": parties,
            }
            records.append(record)
        return records

    def partnership_sentences(self, record: dict[str, Any]):
        rng = self.rng
        parties = record["_parties"]
        if not parties:
            return []
        mentions = [p["_mention"] if i == 0 else p["names"]["ar"] for i, p in enumerate(parties)]
        joined = " و".join(mentions)
        kind = rng.choice(_PARTNERSHIP_KINDS)
        years = rng.randint(3, 10)
        term = f"لمدة {_counted(years, ('سنوات', 'سنة', 'سنة'))}"
        goal = self.pick(_GOALS)
        facts = [
            _fact("kind", "Kind", kind, f"{joined} {kind}"),
            _fact("term", "Term", term[5:], term, years, "years"),
            _fact("goal", "Goal", goal, f"تهدف إلى {goal}"),
        ]
        verb = rng.choice([("ووقعت", "ووقع"), ("وأبرمت", "وأبرم")])[0 if parties[0]["_fem"] else 1]
        groups = [[(f"{verb} {joined} {kind} {term}، تهدف إلى {goal}.", facts)]]
        roll = rng.random()
        extra = rng.randint(6, 9) if roll < 0.02 else (2 if roll < 0.2 else (1 if roll < 0.55 else 0))
        templates = [self.partnership_commitments, self.partnership_cost, self.partnership_history]
        for index in range(extra):
            sentence = templates[index % 3](record, parties)
            if index < 2 or rng.random() < 0.4:
                groups[-1].append(sentence)
            else:
                groups.append([sentence])
        return groups

    def partnership_commitments(self, record, parties):
        rng = self.rng
        first, second = parties[0], parties[-1]
        c1, c2 = rng.sample(_COMMITMENTS, 2)
        region = rng.choice(_REGIONS)
        head = f"{'تلتزم' if first['_fem'] else 'يلتزم'} {first['names']['ar']} ب{c1} في {region}"
        tail = f"{'تتولى' if second['_fem'] else 'يتولى'} {second['names']['ar']} {c2}"
        facts = [
            _fact("commitment", "Commitment", c1, f"ب{c1} في {region}", ref=first["id"]),
            _fact("region", "Region", region, f"في {region}"),
            _fact("commitment", "Commitment", c2, tail, ref=second["id"]),
        ]
        sentence = f"وبموجب هذه الاتفاقية، {head}، فيما {tail}."
        if rng.random() < 0.3 and len(parties) > 1:
            exclusive = f"الممثل الحصري {_with_lam(second['names']['ar'])}"
            sentence = sentence[:-1] + f"، {'لتصبح' if first['_fem'] else 'ليصبح'} {first['names']['ar']} {exclusive}."
            facts.append(_fact("exclusivity", "Exclusivity", exclusive, exclusive, ref=first["id"]))
        return sentence, facts

    def partnership_cost(self, record, parties):
        rng = self.rng
        value, amount = _money(rng.randint(3, 900))
        patients = round(rng.randint(500, 60000), -2)
        cost = f"الكلفة الإجمالية للمشروع {value}"
        benefit = f"{patients} مريض سنويا"
        who = " و".join(p["names"]["ar"] for p in parties)
        return f"وتبلغ {cost}، ويرتقب أن يستفيد من الشراكة بين {who} حوالي {benefit}.", [
            _fact("cost", "Total cost", value, cost, amount, "MAD"),
            _fact("benefit", "Patients per year", benefit, f"حوالي {benefit}", patients, "patients per year", "about"),
        ]

    def partnership_history(self, record, parties):
        rng = self.rng
        announcer = parties[0]
        years = rng.randint(3, 40)
        told = f"وأوضح بلاغ {_with_lam(announcer['names']['ar'])}"
        history = f"بدأ قبل أكثر من {_counted(years, ('سنوات', 'سنة', 'سنة'))}"
        partner = f" مع {parties[-1]['names']['ar']}" if len(parties) > 1 else ""
        return f"{told} أن التعاون{partner} {history}.", [
            _fact(
                "announcement", "Announced by", f"بلاغ {_with_lam(announcer['names']['ar'])}", told, ref=announcer["id"]
            ),
            _fact("relationship", "Relationship length", history[4:], history, years, "years", "more than"),
        ]

    # -- associations ---------------------------------------------------------
    def associations(self, orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        records = []
        for _ in range(self.counts["associations"]):

            def compose():
                head_ar, head_lat, head_acr = rng.choice(_ASSOC_HEADS)
                obj_ar, obj_lat, obj_acr = rng.choice(_ASSOC_OBJECTS)
                ar, lat, acr = f"{head_ar} {obj_ar}", f"{head_lat} {obj_lat}", head_acr + obj_acr
                if rng.random() < 0.6:
                    city_ar, city_lat = rng.choice(_CITIES)
                    if rng.random() < 0.5:
                        region_ar, region_lat = rng.choice(_MA_REGIONS)
                        ar, lat, acr = f"{ar} {_bi(region_ar)}", f"{lat} – {region_lat}", acr + region_lat[0].upper()
                    else:
                        ar, lat, acr = f"{ar} {_bi(city_ar)}", f"{lat} de {city_lat}", acr + city_lat[0].upper()
                return ar, lat, acr

            ar, lat, acr = self.fresh_name(compose)
            names = {"ar": ar, "latin": acr}
            if rng.random() < 0.5:
                names["aliases"] = [lat]
            roll = rng.random()
            founders = rng.randint(3, 9)
            joiners = rng.randint(10, 30) if roll < 0.15 else rng.randint(0, 6)
            picked = rng.sample(orgs, min(len(orgs), founders + joiners)) if orgs else []
            records.append(
                {
                    "id": self.unique_id(
                        _slug(acr) + "-" + _slug(lat.split()[-1]) if rng.random() < 0.5 else _slug(acr)
                    ),
                    "names": names,
                    "members": [],
                    "facts": [],
                    "_founders": picked[:founders],
                    "_joiners": picked[founders:],
                }
            )
        return records

    def association_sentences(self, record: dict[str, Any]):
        rng = self.rng
        name, acr = record["names"]["ar"], record["names"]["latin"]
        kind = rng.choice(_ASSOC_KINDS)
        aim = self.pick(_GOALS)
        founding = f"تأسيس {kind} تحت اسم “{name}” ({acr})"
        facts = [_fact("kind", "Kind", kind, founding), _fact("aim", "Aim", aim, f"بهدف {aim}")]
        first = (f"أعلن عدد من الفاعلين في القطاع الصحي الخاص عن {founding}، بهدف {aim}.", facts)
        group = [first]
        founders = record["_founders"]
        if founders:
            count = len(founders)
            phrase = (
                f"{_counted(count, ('أعضاء مؤسسين', 'عضوا مؤسسا', 'عضو مؤسس'))}"
                if count > 2
                else f"{count} من الأعضاء المؤسسين"
            )
            members = []
            quotes = []
            for index, org in enumerate(founders):
                quote = ("و" if index else "") + org["_mention"]
                quotes.append(quote)
                members.append({"organization": org["id"], "role": "founding member", "source": "", "quote": quote})
            listing = f"وتضم الجمعية {phrase}، هم: " + "، ".join(quotes) + "."
            facts = [_fact("founders", "Founding members", phrase, phrase, count, "organizations")]
            group.append((listing, facts + members))
        if rng.random() < 0.6:
            v1, n1, u1, l1, q1 = self.metric()
            v2, n2, u2, l2, q2 = self.metric(exclude=u1)
            sentence = f"وأكد البلاغ أن الأعضاء يتوفرون مجتمعين على {v1} و{v2}."
            group.append(
                (
                    sentence,
                    [
                        _fact("footprint", l1, v1, f"على {v1}", n1, u1, q1),
                        _fact("footprint", l2, v2, f"و{v2}", n2, u2, q2),
                    ],
                )
            )
        if rng.random() < 0.5:
            openness = "مفتوحة أمام جميع الفاعلين الصحيين المهيكلين"
            aim2 = self.pick(_GOALS)
            group.append(
                (
                    f"وأوضحت الجمعية أنها {openness}، وأنها ستعمل على {aim2}.",
                    [
                        _fact("openness", "Membership", openness, openness),
                        _fact("aim", "Aim", aim2, f"ستعمل على {aim2}"),
                    ],
                )
            )
        groups = [group]
        joiners = record["_joiners"]
        for start in range(0, len(joiners), 6):
            chunk = joiners[start : start + 6]
            quotes = [("و" if i else "") + org["_mention"] for i, org in enumerate(chunk)]
            sentence = f"وانضمت إلى {name} كل من " + "، ".join(quotes) + "، ليرتفع عدد أعضائها."
            members = [
                {"organization": org["id"], "role": "member", "source": "", "quote": q} for org, q in zip(chunk, quotes)
            ]
            groups.append([(sentence, members)])
        return groups

    # -- people ---------------------------------------------------------------
    def person_name(self, compound: float = 0.35):
        rng = self.rng
        first_ar, first_lat, fem = rng.choice(_FIRST_NAMES)
        family_ar, family_lat = rng.choice(_FAMILIES)
        if rng.random() < compound:
            second_ar, second_lat, _ = rng.choice([f for f in _FIRST_NAMES if f[2] == fem])
            if second_ar != first_ar:
                first_ar, first_lat = f"{first_ar} {second_ar}", f"{first_lat} {second_lat}"
        return f"{first_ar} {family_ar}", f"{first_lat} {family_lat}", fem

    def people(self, orgs, associations) -> list[dict[str, Any]]:
        rng = self.rng
        records = []
        for _ in range(self.counts["people"]):
            ar, lat, fem = self.fresh_name(self.person_name, attempts=4, numbered=False)
            if ar in self.names:  # a common name is taken: try the compound first names of the region
                ar, lat, fem = self.fresh_name(lambda: self.person_name(compound=1.0), attempts=12, numbered=False)
            self.names[ar] = None
            names: dict[str, Any] = {"ar": ar}
            if rng.random() < 0.4:
                names["latin"] = lat
            if rng.random() < 0.05:
                names["aliases"] = [("الدكتورة " if fem else "الدكتور ") + ar]
            roles = []
            if orgs:
                roles.append(rng.choice(orgs))
                if rng.random() < 0.12:
                    roles.append(rng.choice(associations) if associations and rng.random() < 0.5 else rng.choice(orgs))
            records.append(
                {"id": self.unique_id(_slug(lat)), "names": names, "roles": [], "facts": [], "_fem": fem, "_at": roles}
            )
        return records

    def person_sentences(self, person: dict[str, Any]):
        rng = self.rng
        fem = person["_fem"]
        name = person["names"]["ar"]
        groups = []
        roll = rng.random()
        statements = rng.randint(6, 12) if roll < 0.02 else (rng.randint(1, 2) if roll < 0.5 else 0)
        for index, at in enumerate(person["_at"] or [None]):
            if at is None:
                break
            masc, femi, lam = rng.choice(_TITLES)
            title = femi if fem else masc
            is_org = "_fem" in at  # else an association: the role names it, without a reference
            org_name = at["names"]["ar"]
            title = f"{title} {_with_lam(org_name) if lam else org_name}"
            role_quote = f"{name}، {title}"
            role = {"title": title, "source": "", "quote": role_quote}
            if is_org:
                role["organization"] = at["id"]
            citations: list[dict[str, Any]] = [role]
            sentence = f"{'وقالت' if fem else 'وقال'} {role_quote}"
            if statements:
                said = self.pick(_STATEMENTS).replace("{goal}", self.pick(_GOALS))
                sentence += f"، إن “{said}”."
                citations.append(_fact("statement", "Said", said, said, ref=at["id"]))
                statements -= 1
            else:
                said = rng.choice(
                    [
                        "المشروع يندرج في إطار رؤية بعيدة المدى",
                        "النتائج المحققة تبعث على التفاؤل",
                        "الشراكة ستعود بالنفع على المرضى",
                    ]
                )
                sentence += f"، إن {said}."
            if index == 0 and rng.random() < 0.3:
                background = self.pick(_BACKGROUNDS)
                if fem:
                    background = (
                        background.replace("طبيب ", "طبيبة ")
                        .replace("خبير ", "خبيرة ")
                        .replace("أستاذ ", "أستاذة ")
                        .replace("مهندس ", "مهندسة ")
                        .replace("صيدلاني ", "صيدلانية ")
                        .replace("خريج ", "خريجة ")
                    )
                sentence += f" {'وهي' if fem else 'وهو'} {background}."
                citations.append(_fact("background", "Background", background, background))
            groups.append([(sentence, citations)])
        ref = person["_at"][0]["id"] if person["_at"] else None
        while statements > 0:
            said = self.pick(_STATEMENTS).replace("{goal}", self.pick(_GOALS))
            sentence = f"{'وأضافت' if fem else 'وأضاف'} {name}: “{said}”."
            fact = _fact("statement", "Said", said, said, ref=ref)
            if groups and rng.random() < 0.5:
                groups[-1].append((sentence, [fact]))
            else:
                groups.append([(sentence, [fact])])
            statements -= 1
        return groups

    # -- sources --------------------------------------------------------------
    def filler(self) -> str:
        rng = self.rng
        return rng.choice(_FILLERS).format(
            big=rng.randint(18, 24),
            pct=rng.randint(25, 70),
            n=rng.randint(3, 40) * 10,
            region=rng.choice(_REGIONS),
            city=rng.choice(_CITIES)[0],
            money=rng.randint(2, 40),
            year=rng.randint(2016, 2024),
            n2=rng.randint(5, 30),
            n3=rng.randint(100, 900),
        )

    def build(self) -> dict[str, dict[str, dict[str, Any]]]:
        rng = self.rng
        orgs = self.organizations()
        partnerships = self.partnerships(orgs)
        associations = self.associations(orgs)
        people = self.people(orgs, associations)

        # every record's sentences, in groups that each go to one source
        # (record, group, headline, whether it is the record's first group)
        pending: list[tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]], str, bool]] = []
        for record in orgs:
            for index, group in enumerate(self.org_sentences(record)):
                pending.append((record, group, record["names"]["ar"], index == 0))
        for record in partnerships:
            for index, group in enumerate(self.partnership_sentences(record)):
                pending.append((record, group, record["names"]["ar"], index == 0))
        for record in associations:
            for index, group in enumerate(self.association_sentences(record)):
                pending.append((record, group, record["names"]["ar"], index == 0))
        for record in people:
            for index, group in enumerate(self.person_sentences(record)):
                pending.append((record, group, record["names"]["ar"], index == 0))
        rng.shuffle(pending)
        pending.sort(key=lambda item: not item[3])  # first groups first: they must find room

        n_sources = self.counts["sources"]
        sources: list[dict[str, Any]] = []
        weights = [rng.uniform(0.35, 1.0) for _ in range(n_sources)]
        fills = [0] * n_sources
        bodies: list[list[tuple[list[str], str]]] = [[] for _ in range(n_sources)]
        for _ in range(n_sources):
            outlet = rng.randrange(len(_OUTLETS))
            year = rng.randint(2016, 2024)
            sources.append(
                {
                    "id": self.unique_id(f"{_OUTLET_SLUGS[outlet]}-{year}-{rng.randint(1, 9999):04d}"),
                    "title": None,
                    "outlet": _OUTLETS[outlet] if rng.random() < 0.8 else None,
                    "language": "ar",
                    "text": "",
                }
            )
        budget = MAX_TEXT - 400  # room for the opening sentence
        cursor = 0
        for record, group, headline, essential in pending:
            if not n_sources:
                break
            length = sum(len(sentence) + 1 for sentence, _ in group)
            a, b = rng.randrange(n_sources), rng.randrange(n_sources)
            choice = a if fills[a] / weights[a] <= fills[b] / weights[b] else b
            if fills[choice] + length > budget:
                choice = a if fills[a] <= fills[b] else b
                tries = 0
                while fills[choice] + length > budget and tries < n_sources:
                    choice = cursor % n_sources
                    cursor += 1
                    tries += 1
                if fills[choice] + length > budget:
                    choice = min(range(n_sources), key=fills.__getitem__)
                    if fills[choice] + length > budget:
                        # every article is full (tiny databases): keep the sentences that fit
                        room, keep = budget - fills[choice], 0
                        while keep < len(group) and len(group[keep][0]) + 1 <= room:
                            room -= len(group[keep][0]) + 1
                            keep += 1
                        if keep == 0 and not essential:
                            continue
                        group = group[: max(keep, 1)]
                        length = sum(len(sentence) + 1 for sentence, _ in group)
            fills[choice] += length
            bodies[choice].append(([sentence for sentence, _ in group], headline))
            source_id = sources[choice]["id"]
            for _, citations in group:
                for citation in citations:
                    citation["source"] = source_id
                    if "organization" in citation and "role" in citation:
                        record["members"].append(citation)
                    elif "title" in citation:
                        record["roles"].append(citation)
                    else:
                        record["facts"].append(citation)

        for source, body in zip(sources, bodies):
            paragraphs = [self.filler()]
            current: list[str] = []
            for sentences, _ in body:
                current.extend(sentences)
                if len(current) >= rng.randint(2, 4):
                    paragraphs.append(" ".join(current))
                    current = []
            if current:
                paragraphs.append(" ".join(current))
            text = "\n\n".join(paragraphs)
            while len(text) < MIN_TEXT:
                text += "\n\n" + " ".join(self.filler() for _ in range(rng.randint(1, 3)))
            source["text"] = text
            if body and rng.random() < 0.8:
                source["title"] = self.title(body[0][1])
            else:
                source.pop("title")

        tables = {
            "organizations": orgs,
            "partnerships": partnerships,
            "associations": associations,
            "people": people,
            "sources": sources,
        }
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for table in TABLE_ORDER:
            rows = {}
            for index, record in enumerate(tables[table], 1):
                rows[str(index)] = {k: v for k, v in record.items() if not k.startswith("_")}
            out[table] = rows
        return out

    def title(self, subject: str) -> str:
        rng = self.rng
        city = rng.choice(_CITIES)[0]
        return rng.choice(
            [
                f"{subject}: خطوة جديدة نحو {self.pick(_GOALS)}",
                f"{subject} تعلن عن توسيع حضورها {_bi(city)}",
                f"{rng.randint(20, 900)} مليون درهم لإنجاز مشروع صحي جديد {_bi(city)}",
                f"القطاع الصحي الخاص: {subject} في الواجهة",
                f"مهنيو الصحة يتحركون: {subject}",
                f"هذه تفاصيل {subject}",
            ]
        )


def generate(n_entities: int, seed: int = 0) -> dict[str, dict[str, dict]]:
    """A synthetic database of `n_entities` records, the same for the same seed.

    The result has the shape of a Marsad JSON file: ``{table: {"1": record, ...}}``.
    """
    if n_entities < 0:
        raise ValueError("n_entities must be >= 0")
    # Millions of small dicts and no cycles: the cyclic collector would only slow this down.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Generator(n_entities, seed).build()
    finally:
        if was_enabled:
            gc.enable()


def write(path: str | os.PathLike[str], n_entities: int, seed: int = 0) -> None:
    """Generate a database and write it as UTF-8 JSON, atomically."""
    target = Path(path)
    data = msgspec.json.encode(generate(n_entities, seed))  # UTF-8, non-ASCII kept as is
    with tempfile.NamedTemporaryFile(
        dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp", delete=False
    ) as handle:
        try:
            handle.write(data)
            handle.close()
            os.replace(handle.name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(handle.name)
            raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/synth.py", description="Write a synthetic Marsad database."
    )
    parser.add_argument("n", type=int, help="number of records (all tables together)")
    parser.add_argument("out", help="the JSON file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    started = time.perf_counter()
    write(args.out, args.n, args.seed)
    elapsed = time.perf_counter() - started
    counts = _counts(args.n)
    size = os.path.getsize(args.out)
    print(", ".join(f"{table} {count}" for table, count in counts.items()))
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
