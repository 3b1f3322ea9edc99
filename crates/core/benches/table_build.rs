//! Micro-benchmark of what `Column::new` costs (the sixth round's table building): building the
//! cubic-Hermite tables of the benchmark's two van Genuchten soils, and `Column::new` of the
//! benchmark column, each repeated many times.
//!
//! `cargo bench -p aralkum-core --bench table_build` prints the fastest and median time of one
//! build over `TABLE_BUILD_ROUNDS` rounds (default 30) of `TABLE_BUILD_REPEATS` builds each
//! (default 200). Under `cargo test` (no `--bench` argument) it builds each once as a smoke test.

#[path = "../tests/common/mod.rs"]
mod common;

use aralkum_core::column::table::VanGenuchtenTable;
use aralkum_core::column::Column;
use aralkum_core::soil::SoilHydraulics;
use common::benchmark_spec;
use std::hint::black_box;
use std::time::Instant;

/// An environment variable as a positive count, else `default`.
fn count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r: &usize| r > 0)
        .unwrap_or(default)
}

/// Fastest and median seconds of one call of `f`, over `rounds` rounds of `repeats` calls.
fn time(rounds: usize, repeats: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..repeats {
                f();
            }
            start.elapsed().as_secs_f64() / repeats as f64
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    (times[0], times[rounds / 2])
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let spec = benchmark_spec();
    let soils: Vec<_> = spec
        .layers
        .iter()
        .filter_map(|l| match l.hydraulics {
            SoilHydraulics::VanGenuchten(vg) => Some(vg),
            _ => None,
        })
        .collect();
    if !benching {
        for vg in &soils {
            assert!(VanGenuchtenTable::new(vg).theta(-100.0) > vg.theta_r);
        }
        assert!(Column::new(&spec).is_ok());
        return;
    }
    let rounds = count("TABLE_BUILD_ROUNDS", 30);
    let repeats = count("TABLE_BUILD_REPEATS", 200);
    let (fast, median) = time(rounds, repeats, || {
        for vg in &soils {
            black_box(VanGenuchtenTable::new(black_box(vg)));
        }
    });
    println!(
        "table_build: {} tables | fastest {:.1} us, median {:.1} us",
        soils.len(),
        fast * 1e6,
        median * 1e6
    );
    let (fast, median) = time(rounds, repeats, || {
        black_box(Column::new(black_box(&spec)).expect("benchmark spec is valid"));
    });
    println!(
        "Column::new: fastest {:.1} us, median {:.1} us",
        fast * 1e6,
        median * 1e6
    );
}
