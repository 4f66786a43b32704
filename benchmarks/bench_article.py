"""Benchmark the source viewer's keys against `j` in a list of the main screen.

The article is laid out once per width; `n`, `N` and `]` only draw the selection
again on the rows it leaves and reaches (each laid out again alone). This
measures, in one process per article and the same run, the CPU time of a key
press: `j` in the Organizations list (the peer), then in the source viewer `j`,
`n`, `N` and `]` (after finding "GE"), on the bundled T2S article (2,700
characters, 42 quotes) and on synthetic articles of 100,000 characters (the most
a viewer shows) with 400 quotes, in paragraphs or as one paragraph. Headless
(`App.run_test`); prints medians, p95s and the ratio of medians to the peer.

    python benchmarks/bench_article.py [--presses 40]

A key press is `await pilot.press(key)` + `await pilot.pause()`, timed with
`time.process_time()` (the wall time of a headless press is mostly Pilot's waits).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import percentile

from tui.app import MarsadApp

SIZE = (120, 40)
SENTENCE = (
    "وقعت مجموعة T2S المغربية المتخصصة في توزيع وصيانة الآلات الطبية عالية التقنية اتفاقية شراكة مع GE Healthcare "
    "رقم {n}،"
)


def synthetic_database(path: Path, *, paragraphs: bool) -> Path:
    """One organization citing 400 sentences of one 100,000-character article."""
    sentences = [SENTENCE.format(n=n) for n in range(100_000 // len(SENTENCE.format(n=0)))]
    joiner = "\n" if paragraphs else " "
    text = ""
    for number, sentence in enumerate(sentences):
        text += sentence + (joiner if number % 5 == 4 else " ")
    text = text[:100_000]
    quoted = [s for s in sentences if s in text][:: max(1, len(sentences) // 400)][:400]
    facts = [
        {"field": "fact", "label": f"Fact {n}", "value": f"قيمة {n}", "source": "long-article", "quote": q}
        for n, q in enumerate(quoted)
    ]
    data = {
        "organizations": {"1": {"id": "org", "names": {"ar": "مجموعة", "latin": "Group"}, "facts": facts}},
        "sources": {"1": {"id": "long-article", "language": "ar", "title": "مقال طويل", "text": text}},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


async def _presses(pilot, key: str, presses: int) -> dict[str, float]:
    samples = []
    for _ in range(presses):
        start = time.process_time()
        await pilot.press(key)
        await pilot.pause()
        samples.append((time.process_time() - start) * 1000)
    return {"median": statistics.median(samples), "p95": percentile(samples, 0.95)}


async def measure(db_path: Path | None, presses: int) -> dict[str, dict[str, float]]:
    app = MarsadApp(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        while app.database is None or app.search_index is None:
            await pilot.pause(0.05)
        await pilot.press("1")
        results = {"list j": await _presses(pilot, "j", presses)}
        await pilot.press("5", "s")
        for key, setup in (("j", []), ("n", []), ("N", []), ("]", ["slash", *"GE", "enter"])):
            for setup_key in setup:
                await pilot.press(setup_key)
            await pilot.pause()
            results[f"article {key}"] = await _presses(pilot, "right_square_bracket" if key == "]" else key, presses)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "bundled T2S article": None,
            "100k chars, paragraphs": synthetic_database(Path(folder) / "p.json", paragraphs=True),
            "100k chars, one paragraph": synthetic_database(Path(folder) / "o.json", paragraphs=False),
        }
        print(f"{'article':28} {'key':>10} {'CPU median ms':>14} {'p95 ms':>7} {'/ list j':>9}")
        for name, path in cases.items():
            results = asyncio.run(measure(path, args.presses))
            peer = results["list j"]["median"]
            for key, figures in results.items():
                print(
                    f"{name:28} {key:>10} {figures['median']:>14.1f} {figures['p95']:>7.1f} "
                    f"{figures['median'] / peer:>8.2f}x"
                )


if __name__ == "__main__":
    main()
