//! Micro-benchmark of `linalg::tridiag::solve_tridiagonal` alone, on diagonally dominant systems
//! of the sizes the column solver meets (152 rows in the benchmark year) and a few others.
//!
//! `cargo bench -p aralkum-core --bench tridiag_solve` prints, for each size, the fastest of
//! seven rounds of the mean time of one solve (with the copy of a prepared system into the
//! arrays solved, timed alone too). Under `cargo test` (no `--bench` argument) it
//! solves each size once and checks the residual.

use aralkum_core::linalg::tridiag::solve_tridiagonal;
use std::time::Instant;

/// Solves per timed round.
const SOLVES: usize = 20_000;

/// A diagonally dominant system of `n` rows (the benchmark `column_year`'s pattern).
fn system(n: usize) -> [Vec<f64>; 3] {
    let a: Vec<f64> = (0..n).map(|i| -1.0 - (i % 7) as f64 * 0.1).collect();
    let c: Vec<f64> = (0..n).map(|i| -1.0 - (i % 5) as f64 * 0.1).collect();
    let b: Vec<f64> = (0..n).map(|i| 3.0 + (i % 3) as f64).collect();
    [a, b, c]
}

/// Systems cycled through (prepared before the clock starts).
const SYSTEMS: usize = 16;

/// Mean seconds of one solve of `n` rows over one round of [`SOLVES`], each of a fresh copy of
/// a prepared system (matrix and right-hand side: the column solver assembles all four arrays
/// just before it solves, so that they are read back while still being written; with
/// `with_solve` false the copies alone), and a checksum.
fn round_seconds(n: usize, with_solve: bool) -> (f64, f64) {
    let [a0, b0, c0] = system(n);
    let systems: Vec<[Vec<f64>; 4]> = (0..SYSTEMS)
        .map(|k| {
            let scale = 1.0 + k as f64 * 1e-3;
            [
                a0.iter().map(|x| x * scale).collect(),
                b0.clone(),
                c0.iter().map(|x| x * scale).collect(),
                (0..n).map(|i| (i + k) as f64 * 1e-3).collect(),
            ]
        })
        .collect();
    let (mut a, mut b, mut c, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut work = vec![0.0; n];
    let mut checksum = 0.0;
    let start = Instant::now();
    for k in 0..SOLVES {
        let [a_k, b_k, c_k, d_k] = &systems[k % SYSTEMS];
        a.copy_from_slice(a_k);
        b.copy_from_slice(b_k);
        c.copy_from_slice(c_k);
        d.copy_from_slice(d_k);
        let ok = !with_solve || solve_tridiagonal(&a, &b, &c, &mut d, &mut work);
        checksum += std::hint::black_box(d[n / 2]) * f64::from(u8::from(ok));
    }
    (start.elapsed().as_secs_f64() / SOLVES as f64, checksum)
}

/// The fastest of seven rounds of [`round_seconds`].
fn fastest_seconds(n: usize, with_solve: bool) -> f64 {
    let mut best = f64::INFINITY;
    let mut checksum = 0.0;
    for _ in 0..7 {
        let (t, sum) = round_seconds(n, with_solve);
        best = best.min(t);
        checksum += sum;
    }
    assert!(checksum.is_finite());
    best
}

fn main() {
    let sizes = [8, 32, 63, 64, 100, 152, 200, 400];
    if !std::env::args().any(|a| a == "--bench") {
        for n in sizes {
            let [a, b, c] = system(n);
            let rhs: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let (mut x, mut work) = (rhs.clone(), vec![0.0; n]);
            assert!(solve_tridiagonal(&a, &b, &c, &mut x, &mut work));
            for i in 0..n {
                let left = if i > 0 { a[i] * x[i - 1] } else { 0.0 };
                let right = if i + 1 < n { c[i] * x[i + 1] } else { 0.0 };
                let r = left + b[i] * x[i] + right - rhs[i];
                assert!(r.abs() < 1e-12 * (1.0 + rhs[i].abs()), "n {n} row {i}");
            }
        }
        return;
    }
    for n in sizes {
        let solve = fastest_seconds(n, true);
        let copy = fastest_seconds(n, false);
        println!(
            "tridiag_solve: n {n:4}: {:.3} us per solve with the copy of its system, {:.3} us \
             the copy alone (fastest of 7)",
            solve * 1e6,
            copy * 1e6
        );
    }
}
