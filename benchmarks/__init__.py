"""Speed and memory benchmarks (`python benchmarks/run.py`), and `synth`, the generator of
synthetic databases: a package so that tests import `benchmarks.synth`."""
