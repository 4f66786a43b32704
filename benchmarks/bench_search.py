"""Benchmark for tui.search: build time, memory and per-keystroke latency.

    python benchmarks/bench_search.py [--sizes 1000,10000,100000] [--json PATH]
    python benchmarks/bench_search.py --db /tmp/bench/db100k.json [--limit 200] [--profile]

With ``--db`` a real database file is loaded (``tui.data.loader``), indexed with
``tui.search_index.build_index`` and replayed with keystroke sequences taken
from its own records (Arabic/Latin names, fact words, words of source texts,
typos); prints median/p95/max per keystroke of 3+ characters and the slowest
keystrokes with their query.

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

from benchmarks.common import percentile as pct  # noqa: E402
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


def db_queries(database, n: int = 120, seed: int = 7) -> list[str]:
    """Realistic queries taken from the database itself (deterministic)."""
    from tui.data.models import Source

    rng = random.Random(seed)
    records = sorted(database.all_records(), key=lambda r: r.id)
    named = [r for r in records if not isinstance(r, Source)]
    sources = [r for r in records if isinstance(r, Source)]
    out: list[str] = []

    def words(text: str, min_len: int = 3) -> list[str]:
        return [w.strip(".,:;()«»\"'،؛") for w in text.split() if len(w) >= min_len]

    def typo(w: str) -> str:
        i = rng.randrange(1, len(w) - 1)
        letters = "abcdefghilmnorstu" if w.isascii() else "ابتدرسعفقلمنهوي"
        return w[:i] + rng.choice(letters) + w[i + 1:]

    for _ in range(n // 4):  # whole Arabic names, Latin names, alias
        r = rng.choice(named)
        out.append(r.names.ar or r.names.primary)
        r = rng.choice(named)
        out.append(r.names.latin or r.names.primary)
    for _ in range(n // 8):  # one distinctive name word (Arabic / Latin)
        r = rng.choice(named)
        ws = words(" ".join(x for x in (r.names.ar, r.names.latin) if x), 4)
        if ws:
            out.append(rng.choice(ws))
    for _ in range(n // 8):  # fact words and two-word fact phrases
        r = rng.choice(named)
        facts = getattr(r, "facts", ())
        if facts:
            ws = words(rng.choice(facts).value)
            if ws:
                k = rng.randint(1, min(2, len(ws)))
                out.append(" ".join(ws[:k]))
    for _ in range(n // 8):  # words from source texts
        if sources:
            ws = words(rng.choice(sources).text, 4)
            if ws:
                out.append(rng.choice(ws))
    for _ in range(n // 8):  # one wrong letter in a name word of 6+
        r = rng.choice(named)
        ws = [w for w in words(" ".join(x for x in (r.names.ar, r.names.latin) if x), 6)]
        if ws:
            out.append(typo(rng.choice(ws)))
    return [q for q in out if q.strip()]


def main_db(path: str, limit: int, profile: bool, no_mem: bool) -> None:
    from tui.data.loader import load_database
    from tui.search_index import build_index

    t0 = time.perf_counter()
    database = load_database(path)
    print(f"load {time.perf_counter() - t0:.2f} s  ({len(database.all_records())} records)", flush=True)
    gc.collect()
    mem = 0.0
    if not no_mem:
        tracemalloc.start()
        ix = build_index(database)
        mem = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del ix
        gc.collect()
    t0 = time.perf_counter()
    ix = build_index(database)
    build = time.perf_counter() - t0
    print(f"build {build:.2f} s  index mem (tracemalloc) {mem:.1f} MB", flush=True)
    queries = db_queries(database)
    replay_limit(ix, queries[:5], limit)  # warm caches
    samples = replay_limit(ix, queries, limit)
    long_ms = [dt for q, dt in samples if len(q.strip()) >= 3]
    all_ms = [dt for _q, dt in samples]
    print(
        f"limit={limit}  keystrokes {len(all_ms)}  all: med {statistics.median(all_ms):.2f} "
        f"p95 {pct(all_ms, 0.95):.2f} max {max(all_ms):.2f} ms   3+: med {statistics.median(long_ms):.2f} "
        f"p95 {pct(long_ms, 0.95):.2f} max {max(long_ms):.2f} ms"
    )
    print("slowest keystrokes:")
    for q, dt in sorted(samples, key=lambda s: -s[1])[:10]:
        print(f"  {dt:8.2f} ms  {q!r}")
    # what the TUI pays per keystroke in total: the search, then field/match/
    # spans of the rows it draws (hits compute those lazily)
    vis = replay_limit(ix, queries, limit, visible=20)
    vis_long = [dt for q, dt in vis if len(q.strip()) >= 3]
    print(
        f"search + first 20 hits' field/match/spans, 3+: med {statistics.median(vis_long):.2f} "
        f"p95 {pct(vis_long, 0.95):.2f} max {max(vis_long):.2f} ms  (slowest: "
        + ", ".join(f"{q!r} {dt:.1f}" for q, dt in sorted(vis, key=lambda s: -s[1])[:3]) + ")"
    )
    if profile:
        import cProfile
        import pstats

        slow = [q for q, _ in sorted(samples, key=lambda s: -s[1])[:20]]
        pr = cProfile.Profile()
        pr.enable()
        for q in slow:
            ix.search(q, limit=limit)
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(25)


def replay_limit(ix: SearchIndex, queries: list[str], limit: int, visible: int = 0) -> list[tuple[str, float]]:
    out = []
    for q in queries:
        for k in range(1, len(q) + 1):
            prefix = q[:k]
            if not prefix.strip():
                continue
            t0 = time.perf_counter()
            hits = ix.search(prefix, limit=limit)
            for hit in hits[:visible]:
                hit.spans  # noqa: B018 - resolves field, match and spans
            out.append((prefix, (time.perf_counter() - t0) * 1000))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="replay queries against this real database file")
    ap.add_argument("--limit", type=int, default=200, help="hits per search with --db (TUI: 200)")
    ap.add_argument("--profile", action="store_true", help="cProfile the slowest keystrokes (--db)")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", dest="json_path")
    ap.add_argument("--no-mem", action="store_true", help="skip tracemalloc (faster build)")
    args = ap.parse_args()
    if args.db:
        main_db(args.db, args.limit, args.profile, args.no_mem)
        return
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
