"""Cost of the text pipeline (tui.text): run ``python benchmarks/bench_text.py``.

Prints per-call figures in microseconds (median and p95); ``--json PATH``
also writes them.  No assertion on time: compare runs on the same machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.text.layout import clear_layout_cache, layout, single_line

ROWS = [
    "المصحة الدولية لطب العيون بالدار البيضاء",
    "مصحة الشفاء - الرباط",
    "الجمعية المغربية للمصحات الخاصة (ANCP)",
    "Clinique Internationale de Marrakech",
    "مراكز الفحص والعلاج للمغرب (ODM)",
    "وقعت مجموعة T2S المغربية و GE Healthcare الأمريكية",
    "مختبر التحاليل الطبية الآلات الحديثة",
    "مُحَمَّد بن عبد الله - طبيب أخصائي",
    "Polyclinique du Sud - أكادير",
    "المركز الاستشفائي الخاص بفاس، 120 سريرا",
] * 20  # 200 rows, 10 distinct: the uncached pass clears the cache per row

PARAGRAPH = (
    "تأسست الجمعية المغربية للمصحات الخاصة سنة 1987 وتضم اليوم أكثر من مائتي مصحة "
    "في مختلف جهات المملكة، وتعمل على تطوير القطاع الصحي الخاص بشراكة مع وزارة الصحة "
    "والحماية الاجتماعية (MSPS) والوكالة الوطنية للتأمين الصحي. وقعت مجموعة T2S المغربية "
    "و GE Healthcare الأمريكية اتفاقية لتجهيز مراكز الفحص والعلاج بأجهزة الرنين "
    "المغناطيسي بقوة 3 تسلا، لمدة تفوق 35 سنة من الخبرة في المجال. ويهدف المشروع "
    "إلى تقريب الخدمات الصحية من المواطنين في المناطق القروية والجبلية، وتكوين الأطر "
    "الطبية وشبه الطبية، وتحسين جودة الخدمات المقدمة في المصحات والمراكز الخاصة. "
    "كما تسعى الجمعية إلى تعزيز التعاون مع الشركاء الأفارقة في مجال التكوين الطبي."
)[:600]


def measure(call: Callable[[], object], repeat: int, *, cold: bool) -> dict[str, float]:
    samples: list[float] = []
    for _ in range(repeat):
        if cold:
            clear_layout_cache()
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    return {
        "median_us": round(statistics.median(samples), 2),
        "p95_us": round(samples[int(len(samples) * 0.95) - 1], 2),
    }


def rows(width: int, *, cold: bool, passes: int) -> dict[str, float]:
    samples: list[float] = []
    for _ in range(passes):
        for row in ROWS:
            if cold:
                clear_layout_cache()
            start = time.perf_counter_ns()
            single_line(row, width)
            samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    return {
        "median_us": round(statistics.median(samples), 2),
        "p95_us": round(samples[int(len(samples) * 0.95) - 1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--passes", type=int, default=5, help="passes over the 200 rows")
    args = parser.parse_args()
    for row in ROWS:  # warm imports and Python's internal caches
        single_line(row, 40)
    figures = {
        "single_line_w40_uncached": rows(40, cold=True, passes=args.passes),
        "single_line_w40_cached": rows(40, cold=False, passes=args.passes),
        "layout_600_chars_w60_uncached": measure(lambda: layout(PARAGRAPH, 60), 200, cold=True),
        "layout_600_chars_w120_uncached": measure(lambda: layout(PARAGRAPH, 120), 200, cold=True),
        "layout_600_chars_w60_cached": measure(lambda: layout(PARAGRAPH, 60), 200, cold=False),
    }
    figures["paragraph_chars"] = {
        "chars": len(PARAGRAPH),
        "lines_w60": len(layout(PARAGRAPH, 60)),
        "lines_w120": len(layout(PARAGRAPH, 120)),
    }
    for name, values in figures.items():
        print(f"{name:34} " + "  ".join(f"{key}={value}" for key, value in values.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
