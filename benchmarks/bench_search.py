"""Benchmark for tui.search: build time, memory and per-keystroke latency.

    python benchmarks/bench_search.py [--sizes 1000,10000,100000] [--json PATH]

Deterministic (seeded) synthetic documents mixing Arabic and Latin names; each
query is replayed one keystroke at a time (as the TUI's incremental search
does).  Prints median and p95 per keystroke, overall and for queries of 3+
characters.  No assertions on time.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.search.engine import FIELD_WEIGHTS, SearchDocument, SearchField, SearchIndex  # noqa: E402

AR_PREFIX = ["مجموعة", "مصحة", "مركز", "عيادة", "مستشفى", "شبكة", "مختبر", "جمعية", "مؤسسة", "صيدلية"]
AR_CORE = ["أكديتال", "التازي", "جسوس", "جيمس", "إلسان", "سيم", "الفحص", "الشفاء", "النخيل", "الأمل",
           "الرحمة", "ابن سينا", "الفارابي", "الزهراء", "الأطلس", "الرازي", "السلام", "المنصور",
           "الياسمين", "النور", "الهدى", "البركة", "الرياض", "الوفاء", "الحكمة", "أنفا", "كاليفورنيا"]
AR_SUFFIX = ["للصحة", "الدولية", "الخاصة", "المغربية", "الإفريقية", "للتشخيص", "للعلاج", "الجديدة", ""]
CITIES_AR = ["الدار البيضاء", "الرباط", "مراكش", "فاس", "طنجة", "أكادير", "وجدة", "داكار", "أبيدجان", "تونس"]
LAT_PREFIX = ["Groupe", "Clinique", "Centre", "Polyclinique", "Hôpital", "Laboratoire", "Réseau", "Institut",
              "Cabinet", "Fondation"]
LAT_CORE = ["Akdital", "Tazi", "Guessous", "Gymes", "Elsan", "Atlas", "Ibn Sina", "Al Farabi", "Anfa",
            "Argana", "Les Nations", "Al Amal", "Yasmine", "Zerktouni", "Palmier", "Oasis", "Majorelle",
            "Santé Plus", "Medical Center", "Diagnostic", "Radiologie", "Cardio", "Oncologie", "Dentaire"]
LAT_SUFFIX = ["Santé", "International", "Maroc", "Afrique", "Holding", "Care", "Medical", ""]
FIRST = ["روب", "عبد الرؤوف", "محمد", "فاطمة", "يوسف", "خديجة", "رشيد", "نادية", "كريم", "سعاد"]
LAST = ["والتون", "صوردو", "بناني", "العلوي", "التازي", "الإدريسي", "بنكيران", "الفاسي", "الشرقاوي"]
FIRST_L = ["Rob", "Abderraouf", "Mohamed", "Fatima", "Youssef", "Khadija", "Rachid", "Nadia", "Karim"]
LAST_L = ["Walton", "Sordo", "Bennani", "Alaoui", "Tazi", "Idrissi", "Benkirane", "Fassi", "Cherkaoui"]
KINDS = ["organization"] * 6 + ["partnership", "association", "person", "person", "source"]
COUNTRIES = ["المغرب", "السنغال", "ساحل العاج", "تونس", "فرنسا", "Maroc", "Sénégal", "Côte d'Ivoire"]
ROLES = ["مدير عام", "رئيس", "مؤسس", "Directeur général", "Président", "Fondateur"]
DESC_AR = ["تقدم", "خدمات", "الرعاية", "الصحية", "في", "المغرب", "وإفريقيا", "عبر", "شبكة", "من",
           "المصحات", "والمراكز", "المتخصصة", "استثمار", "جديد", "بقيمة", "مليون", "درهم", "شراكة", "مع",
           "القطاع", "الخاص", "التشخيص", "الطبي", "الأشعة", "الأورام", "القلب", "افتتاح", "مستشفى", "جامعي"]
DESC_LAT = ["offre", "des", "soins", "de", "santé", "au", "Maroc", "et", "en", "Afrique", "réseau",
            "cliniques", "investissement", "millions", "dirhams", "partenariat", "avec", "secteur", "privé",
            "diagnostic", "imagerie", "oncologie", "cardiologie", "ouverture", "hôpital", "universitaire"]


def make_docs(n: int, seed: int = 42) -> list[SearchDocument]:
    rng = random.Random(seed)
    W = FIELD_WEIGHTS
    docs = []
    for i in range(n):
        kind = rng.choice(KINDS)
        fields: list[SearchField] = []
        if kind == "person":
            if rng.random() < 0.7:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                alias = f"{rng.choice(FIRST_L)} {rng.choice(LAST_L)}" if rng.random() < 0.4 else None
            else:
                name = f"{rng.choice(FIRST_L)} {rng.choice(LAST_L)}"
                alias = None
            fields.append(SearchField("role", W["role"], rng.choice(ROLES)))
        else:
            if rng.random() < 0.6:
                parts = [rng.choice(AR_PREFIX), rng.choice(AR_CORE), rng.choice(AR_SUFFIX)]
                if rng.random() < 0.3:
                    parts.append(rng.choice(CITIES_AR))
                alias = " ".join(p for p in [rng.choice(LAT_PREFIX), rng.choice(LAT_CORE)] if p) \
                    if rng.random() < 0.3 else None
            else:
                parts = [rng.choice(LAT_PREFIX), rng.choice(LAT_CORE), rng.choice(LAT_SUFFIX)]
                alias = None
            name = " ".join(p for p in parts if p)
            if rng.random() < 0.3:
                fields.append(SearchField("acronym", W["acronym"],
                                          "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVZ") for _ in range(rng.randint(2, 5)))))
        name = f"{name} {i}" if rng.random() < 0.2 else name
        fields.insert(0, SearchField("name", W["name"], name))
        if alias:
            fields.append(SearchField("alias", W["alias"], alias))
        fields.append(SearchField("kind", W["kind"], kind))
        fields.append(SearchField("country", W["country"], rng.choice(COUNTRIES)))
        pool = DESC_AR if rng.random() < 0.6 else DESC_LAT
        words: list[str] = []
        target = rng.randint(100, 300)
        while sum(len(w) + 1 for w in words) < target:
            words.append(rng.choice(pool) if rng.random() > 0.08 else f"{rng.randint(1, 9999)}")
        fields.append(SearchField("description", W["description"], " ".join(words)))
        if rng.random() < 0.5:
            fields.append(SearchField("fact", W["fact"], " ".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))))
        if rng.random() < 0.5:
            fields.append(SearchField("source", W["source"], f"https://news{rng.randint(1, 50)}.ma/article/{i}"))
        docs.append(SearchDocument(kind, f"{kind[:3]}-{i:06d}", name, tuple(fields)))
    return docs


QUERIES = [
    "akdital", "أكديتال", "اكديتال", "tazi", "التازي", "مجموعه التازي", "guessous", "guesous",
    "akdittal", "جسوس", "gymes", "elsan sante", "سيم للصحه", "clinique", "مصحه", "الجمعيه المغربيه",
    "walton", "روب والتون", "sordo", "عبد الرووف", "ibn sina", "ابن سينا", "casablanca", "الدار البيضاء",
    "groupe atlas", "oncologie", "الاورام", "maroc", "centre diagnostic", "polyclinique anfa",
    "cardio", "مستشفي جامعي", "hopital", "radiologie", "zerktouni", "benkirane", "الشفاء", "xyzzy",
]


def replay(ix: SearchIndex, queries: list[str]) -> tuple[list[float], list[float]]:
    all_ms, long_ms = [], []
    for q in queries:
        for k in range(1, len(q) + 1):
            prefix = q[:k]
            t0 = time.perf_counter()
            ix.search(prefix)
            dt = (time.perf_counter() - t0) * 1000
            all_ms.append(dt)
            if len(prefix.strip()) >= 3:
                long_ms.append(dt)
    return all_ms, long_ms


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", dest="json_path")
    ap.add_argument("--no-mem", action="store_true", help="skip tracemalloc (faster build)")
    args = ap.parse_args()
    results = {}
    for n in (int(s) for s in args.sizes.split(",")):
        docs = make_docs(n)
        gc.collect()
        if not args.no_mem:
            tracemalloc.start()
        t0 = time.perf_counter()
        ix = SearchIndex(docs)
        build = time.perf_counter() - t0
        mem = 0
        if not args.no_mem:
            mem = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
        # timed build without tracemalloc overhead
        if not args.no_mem:
            gc.collect()
            t0 = time.perf_counter()
            ix = SearchIndex(docs)
            build = time.perf_counter() - t0
        replay(ix, QUERIES[:5])  # warm caches
        all_ms, long_ms = replay(ix, QUERIES)
        r = {
            "docs": n,
            "build_s": round(build, 3),
            "index_mem_mb": round(mem / 2**20, 1),
            "keystrokes": len(all_ms),
            "median_ms": round(statistics.median(all_ms), 3),
            "p95_ms": round(pct(all_ms, 0.95), 3),
            "max_ms": round(max(all_ms), 3),
            "median_ms_3plus": round(statistics.median(long_ms), 3),
            "p95_ms_3plus": round(pct(long_ms, 0.95), 3),
            "max_ms_3plus": round(max(long_ms), 3),
        }
        results[n] = r
        print(
            f"{n:>7} docs  build {r['build_s']:7.2f} s  mem {r['index_mem_mb']:7.1f} MB  "
            f"all: med {r['median_ms']:6.2f} p95 {r['p95_ms']:6.2f} max {r['max_ms']:6.2f} ms  "
            f"3+: med {r['median_ms_3plus']:6.2f} p95 {r['p95_ms_3plus']:6.2f} max {r['max_ms_3plus']:6.2f} ms",
            flush=True,
        )
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
