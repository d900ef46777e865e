"""Data-scale benchmarks. Each module is runnable on its own (`python -m benchmarks.<name>`);
`python -m benchmarks` runs them all. They print figures and ratios, never assert timings."""
