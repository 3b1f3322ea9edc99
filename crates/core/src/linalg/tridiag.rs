//! Tridiagonal solver (Thomas algorithm; e.g. Press et al., Numerical Recipes, sec. 2.4),
//! eliminating from both ends at once.

/// Below this many rows the system is solved by the one-way Thomas algorithm.
const TWO_WAY_FROM: usize = 8;

/// From this many rows on the system is solved by the partition method
/// ([`super::partition`]), [`super::partition::LANES`] segments side by side: about where it
/// overtakes the two-way elimination (`benches/tridiag_solve.rs`: even at 64 rows, 28 % faster
/// at 152).
const PARTITION_FROM: usize = 64;

/// Continuants outside [2^-200, 2^200] are rescaled by a power of two (exactly).
const RESCALE_ABOVE: f64 = 1.606_938_044_258_990_3e60;
const RESCALE_BELOW: f64 = 6.223_015_277_861_142e-61;

/// Scales `hi` (and with it `lo`) by the power of two that brings `hi` into [1, 2), when `hi`
/// has left [`RESCALE_BELOW`, `RESCALE_ABOVE`]; a multiplication by a power of two is exact, so
/// the pivots, ratios of consecutive continuants, are unchanged.
#[inline(always)]
fn keep_in_range(hi: &mut f64, lo: &mut f64) {
    let size = hi.abs();
    if !(RESCALE_BELOW..=RESCALE_ABOVE).contains(&size) && size.is_normal() {
        let exponent = (hi.to_bits() >> 52) & 0x7ff;
        // 2^(1023 - exponent), kept a normal number (exponent 2046 gives 2^-1022).
        let scale = f64::from_bits((2046 - exponent).max(1) << 52);
        *hi *= scale;
        *lo *= scale;
    }
}

/// Solves `a[i] x[i-1] + b[i] x[i] + c[i] x[i+1] = d[i]` in place: on return `d` holds `x`.
///
/// `a[0]` and `c[n-1]` are ignored. `scratch` must have the length of `b`. Returns `false` when
/// a pivot vanishes (the matrices of the column solver are diagonally dominant, so this
/// signals a defect rather than an ill-posed problem).
///
/// Thomas's algorithm, arranged for a processor that overlaps independent operations:
/// - the elimination runs from the first row down and from the last row up at the same time
///   and meets in the middle (the "burn at both ends" or twisted factorisation, e.g. Meurant
///   1992, SIAM J. Matrix Anal. Appl. 13, 707-728), two independent recurrences;
/// - the pivots p_i = b_i - a_i c_{i-1} / p_{i-1} are ratios p_i = t_i / t_{i-1} of the
///   continuants t_i = b_i t_{i-1} - a_i c_{i-1} t_{i-2} (the leading principal minors; e.g.
///   Golub & Van Loan 2013, sec. 4.3), whose recurrence has no division, so the one division a
///   row (1 / p_i = t_{i-1} / t_i) is off the critical path; the continuants are kept in range
///   by exact rescaling by powers of two.
///
/// From `PARTITION_FROM` (64) rows on, the system is first tried by the partition method
/// (`linalg::partition`: four segments eliminated side by side in the lanes of a vector
/// register, then a reduced system for the rows between them; Wang 1981, ACM Trans. Math.
/// Softw. 7, 170-183), which gives up (`d` untouched) on any vanishing, non-finite or unsafe
/// pivot or non-finite result, whereupon the two-way elimination below solves it and gives the
/// verdict.
///
/// The operations are those of the one-way sweep up to rounding, and for the diagonally dominant
/// matrices of the column solver the results agree to round-off (unit test). On x86-64 the two
/// recurrences run in the two lanes of one SSE2 register (one division instruction for both
/// rows), with the same operations and results to the bit (unit test).
pub fn solve_tridiagonal(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    scratch: &mut [f64],
) -> bool {
    let n = b.len();
    if n < TWO_WAY_FROM {
        return solve_one_way(a, b, c, d, scratch);
    }
    if n >= PARTITION_FROM && super::partition::solve_partitioned(a, b, c, d) {
        return true;
    }
    solve_two_way(a, b, c, d, scratch)
}

/// Working arrays of the partition method for [`solve_tridiagonal_in`], kept by a caller that
/// solves systems again and again.
#[derive(Clone, Debug, Default)]
pub struct TridiagWork(Vec<super::partition::Lanes>);

/// [`solve_tridiagonal`] (the same operations and results to the bit) with the partition
/// method's working arrays in `work` rather than in a buffer of the thread, which every call
/// of [`solve_tridiagonal`] looks up and borrows: the column solver solves a system each
/// iteration and each transport sub-step. Inlined into them (the call itself was 0.45 % of a
/// benchmark column-year).
#[inline(always)]
pub fn solve_tridiagonal_in(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    scratch: &mut [f64],
    work: &mut TridiagWork,
) -> bool {
    let n = b.len();
    if n < TWO_WAY_FROM {
        return solve_one_way(a, b, c, d, scratch);
    }
    if n >= PARTITION_FROM && super::partition::solve_partitioned_in(a, b, c, d, &mut work.0) {
        return true;
    }
    solve_two_way(a, b, c, d, scratch)
}

/// The two-way elimination of [`solve_tridiagonal`] in the copy for this processor (`n` at
/// least [`TWO_WAY_FROM`]).
fn solve_two_way(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], scratch: &mut [f64]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of every x86-64 processor (the baseline of the target), and
        // having it is the only requirement of calling a function compiled with it.
        unsafe { two_way_sse2(a, b, c, d, scratch) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    two_way(a, b, c, d, scratch)
}

/// The two-way elimination of [`solve_tridiagonal`], one row of each recurrence at a time
/// (`n` at least [`TWO_WAY_FROM`]).
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
fn two_way(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], scratch: &mut [f64]) -> bool {
    let n = b.len();
    let (a, c, scratch) = (&a[..n], &c[..n], &mut scratch[..n]);
    let d = &mut d[..n];
    let bad = |p: f64| p == 0.0 || !p.is_finite();
    // Rows 0..m are eliminated downward (row i becomes x[i] + scratch[i] x[i+1] = d[i]), rows
    // m+1..n upward (row i becomes x[i] + scratch[i] x[i-1] = d[i]); row m joins both.
    let m = n / 2;
    let last = n - 1;
    // Continuants of the downward sweep (t) and of the upward one (u): the last two of each.
    let (mut t_prev, mut t) = (1.0, b[0]);
    let (mut u_prev, mut u) = (1.0, b[last]);
    if !start_both_ends([a, b, c], d, scratch) {
        return false;
    }
    // Downward: rows 1..m; upward: rows last-1 down to m+1, the same count or one fewer.
    let steps_down = m - 1;
    let steps_up = last - 1 - m;
    for k in 1..=steps_up {
        let i = k;
        let j = last - k;
        let t_next = b[i] * t - (a[i] * c[i - 1]) * t_prev;
        let u_next = b[j] * u - (c[j] * a[j + 1]) * u_prev;
        // 1 / p = t_{i-1} / t_i.
        let inv_top = t / t_next;
        let inv_bot = u / u_next;
        if bad(inv_top) || bad(inv_bot) {
            return false;
        }
        (t_prev, t) = (t, t_next);
        (u_prev, u) = (u, u_next);
        keep_in_range(&mut t, &mut t_prev);
        keep_in_range(&mut u, &mut u_prev);
        scratch[i] = c[i] * inv_top;
        d[i] = d[i] * inv_top - (a[i] * inv_top) * d[i - 1];
        scratch[j] = a[j] * inv_bot;
        d[j] = d[j] * inv_bot - (c[j] * inv_bot) * d[j + 1];
    }
    if !join_at_middle([a, b, c], d, scratch, m, steps_down > steps_up, (t, t_prev)) {
        return false;
    }
    // Back substitution outward, again two independent recurrences.
    for k in 1..=steps_up + 1 {
        let i = m - k;
        let j = m + k;
        d[i] -= scratch[i] * d[i + 1];
        d[j] -= scratch[j] * d[j - 1];
    }
    if steps_down > steps_up {
        d[0] -= scratch[0] * d[1];
    }
    true
}

/// [`two_way`] for the tests of the partition method (its reference).
#[cfg(test)]
pub(crate) fn two_way_for_tests(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    scratch: &mut [f64],
) -> bool {
    two_way(a, b, c, d, scratch)
}

/// The start of the two sweeps of [`two_way`] (and its SSE2 copy): the first and the last row
/// divided by their diagonals (the first continuants). False on a vanishing or non-finite one.
#[inline(always)]
fn start_both_ends([a, b, c]: [&[f64]; 3], d: &mut [f64], scratch: &mut [f64]) -> bool {
    let bad = |p: f64| p == 0.0 || !p.is_finite();
    let last = b.len() - 1;
    let (t, u) = (b[0], b[last]);
    if bad(t) || bad(u) {
        return false;
    }
    let inv_top = 1.0 / t;
    let inv_bot = 1.0 / u;
    scratch[0] = c[0] * inv_top;
    d[0] *= inv_top;
    scratch[last] = a[last] * inv_bot;
    d[last] *= inv_bot;
    true
}

/// The end of the two sweeps of [`two_way`] (and its SSE2 copy): the last downward row at
/// `m - 1` when the downward sweep has one row more than the upward (`one_more_down`, with the
/// last two continuants `(t, t_prev)`), then row `m` with x[m-1] and x[m+1] substituted from
/// its two neighbours. False on a vanishing or non-finite pivot.
#[inline(always)]
fn join_at_middle(
    [a, b, c]: [&[f64]; 3],
    d: &mut [f64],
    scratch: &mut [f64],
    m: usize,
    one_more_down: bool,
    (t, t_prev): (f64, f64),
) -> bool {
    let bad = |p: f64| p == 0.0 || !p.is_finite();
    if one_more_down {
        let i = m - 1;
        let t_next = b[i] * t - (a[i] * c[i - 1]) * t_prev;
        let inv_top = t / t_next;
        if bad(inv_top) {
            return false;
        }
        scratch[i] = c[i] * inv_top;
        d[i] = d[i] * inv_top - (a[i] * inv_top) * d[i - 1];
    }
    let pivot = b[m] - a[m] * scratch[m - 1] - c[m] * scratch[m + 1];
    if bad(pivot) {
        return false;
    }
    d[m] = (d[m] - a[m] * d[m - 1] - c[m] * d[m + 1]) / pivot;
    true
}

/// [`two_way`] with the downward recurrence in the low lane and the upward one in the high lane
/// of SSE2 registers: the same operations on each lane, so the same results to the bit.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn two_way_sse2(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], scratch: &mut [f64]) -> bool {
    use std::arch::x86_64::*;
    let n = b.len();
    let (a, c, scratch) = (&a[..n], &c[..n], &mut scratch[..n]);
    let d = &mut d[..n];
    // Two values as one register, the first in the low lane; the high lane of a register.
    let pair = |low: f64, high: f64| _mm_set_pd(high, low);
    let high = |v: __m128d| _mm_cvtsd_f64(_mm_unpackhi_pd(v, v));
    let m = n / 2;
    let last = n - 1;
    let (t, u) = (b[0], b[last]);
    if !start_both_ends([a, b, c], d, scratch) {
        return false;
    }
    let steps_down = m - 1;
    let steps_up = last - 1 - m;
    // Continuants (t, u) and the ones before (t_prev, u_prev), and the last eliminated
    // right-hand sides.
    let mut tu = pair(t, u);
    let mut tu_prev = pair(1.0, 1.0);
    let mut d_prev = pair(d[0], d[last]);
    let abs_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fff_ffff_ffff_ffff));
    let (below, above) = (_mm_set1_pd(RESCALE_BELOW), _mm_set1_pd(RESCALE_ABOVE));
    let (zero, infinity) = (_mm_setzero_pd(), _mm_set1_pd(f64::INFINITY));
    for k in 1..=steps_up {
        let i = k;
        let j = last - k;
        let ac = _mm_mul_pd(pair(a[i], c[j]), pair(c[i - 1], a[j + 1]));
        let next = _mm_sub_pd(_mm_mul_pd(pair(b[i], b[j]), tu), _mm_mul_pd(ac, tu_prev));
        let inv = _mm_div_pd(tu, next);
        // Both finite and nonzero (a NaN fails the first comparison).
        let size = _mm_and_pd(inv, abs_mask);
        let good = _mm_and_pd(_mm_cmplt_pd(size, infinity), _mm_cmpneq_pd(inv, zero));
        if _mm_movemask_pd(good) != 0b11 {
            return false;
        }
        tu_prev = tu;
        tu = next;
        let size = _mm_and_pd(tu, abs_mask);
        let in_range = _mm_and_pd(_mm_cmpge_pd(size, below), _mm_cmple_pd(size, above));
        if _mm_movemask_pd(in_range) != 0b11 {
            let (mut t, mut t_prev) = (_mm_cvtsd_f64(tu), _mm_cvtsd_f64(tu_prev));
            let (mut u, mut u_prev) = (high(tu), high(tu_prev));
            keep_in_range(&mut t, &mut t_prev);
            keep_in_range(&mut u, &mut u_prev);
            tu = pair(t, u);
            tu_prev = pair(t_prev, u_prev);
        }
        let s_ij = _mm_mul_pd(pair(c[i], a[j]), inv);
        scratch[i] = _mm_cvtsd_f64(s_ij);
        scratch[j] = high(s_ij);
        let d_ij = _mm_sub_pd(
            _mm_mul_pd(pair(d[i], d[j]), inv),
            _mm_mul_pd(_mm_mul_pd(pair(a[i], c[j]), inv), d_prev),
        );
        d[i] = _mm_cvtsd_f64(d_ij);
        d[j] = high(d_ij);
        d_prev = d_ij;
    }
    let (t, t_prev) = (_mm_cvtsd_f64(tu), _mm_cvtsd_f64(tu_prev));
    if !join_at_middle([a, b, c], d, scratch, m, steps_down > steps_up, (t, t_prev)) {
        return false;
    }
    // Back substitution outward, the two recurrences again side by side.
    let mut x_prev = pair(d[m], d[m]);
    for k in 1..=steps_up + 1 {
        let i = m - k;
        let j = m + k;
        let x = _mm_sub_pd(
            pair(d[i], d[j]),
            _mm_mul_pd(pair(scratch[i], scratch[j]), x_prev),
        );
        d[i] = _mm_cvtsd_f64(x);
        d[j] = high(x);
        x_prev = x;
    }
    if steps_down > steps_up {
        d[0] -= scratch[0] * d[1];
    }
    true
}

/// One-way Thomas algorithm with one division per row (the reciprocal of the pivot), for small
/// systems.
fn solve_one_way(a: &[f64], b: &[f64], c: &[f64], d: &mut [f64], scratch: &mut [f64]) -> bool {
    let n = b.len();
    if n == 0 {
        return true;
    }
    let (a, c, scratch) = (&a[..n], &c[..n], &mut scratch[..n]);
    let d = &mut d[..n];
    let mut pivot = b[0];
    if pivot == 0.0 || !pivot.is_finite() {
        return false;
    }
    // One division per row (the reciprocal of the pivot), which is on the critical path of the
    // recurrence; every other operation is a multiplication.
    let mut inv = 1.0 / pivot;
    d[0] *= inv;
    for i in 1..n {
        scratch[i] = c[i - 1] * inv;
        pivot = b[i] - a[i] * scratch[i];
        if pivot == 0.0 || !pivot.is_finite() {
            return false;
        }
        inv = 1.0 / pivot;
        d[i] = (d[i] - a[i] * d[i - 1]) * inv;
    }
    for i in (0..n - 1).rev() {
        d[i] -= scratch[i + 1] * d[i + 1];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: the one-way Thomas algorithm and the residual of the system; systems of 1 to
    /// 40, 151, 152 and 400 rows, rows scaled by 1e-12 to 1e12, diagonally dominant and not,
    /// tolerance 1e-12 relative.
    #[test]
    fn two_way_elimination_agrees_with_one_way() {
        let mut seed = 12345u64;
        let mut rand = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for n in (1..=40).chain([151, 152, 400]) {
            for dominant in [true, false] {
                let a: Vec<f64> = (0..n).map(|_| rand()).collect();
                let c: Vec<f64> = (0..n).map(|_| rand()).collect();
                // Rows scaled by up to 1e+-12 (as the flow matrices' rows are, by 1/dt and
                // K/dz), which takes the continuants far out of range without rescaling.
                let row_scale: Vec<f64> = (0..n).map(|_| 10f64.powf(24.0 * rand())).collect();
                let b: Vec<f64> = (0..n)
                    .map(|i| {
                        let r = rand();
                        if dominant {
                            a[i].abs() + c[i].abs() + 0.1 + r.abs()
                        } else {
                            2.0 * r
                        }
                    })
                    .collect();
                let (a, b, c): (Vec<f64>, Vec<f64>, Vec<f64>) = (
                    (0..n).map(|i| a[i] * row_scale[i]).collect(),
                    (0..n).map(|i| b[i] * row_scale[i]).collect(),
                    (0..n).map(|i| c[i] * row_scale[i]).collect(),
                );
                let rhs: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let (mut x2, mut x1) = (rhs.clone(), rhs.clone());
                let mut s = vec![0.0; n];
                assert!(solve_tridiagonal(&a, &b, &c, &mut x2, &mut s));
                assert!(solve_one_way(&a, &b, &c, &mut x1, &mut s));
                let scale = x1.iter().fold(1.0f64, |m, x| m.max(x.abs()));
                for i in 0..n {
                    let mut r = b[i] * x2[i] - rhs[i];
                    if i > 0 {
                        r += a[i] * x2[i - 1];
                    }
                    if i + 1 < n {
                        r += c[i] * x2[i + 1];
                    }
                    if dominant {
                        let tol = 1e-12 * scale * row_scale[i];
                        assert!(r.abs() < tol, "n {n} row {i}: residual {r}");
                        assert!((x2[i] - x1[i]).abs() < 1e-12 * scale, "n {n} row {i}");
                    }
                }
            }
        }
    }

    /// Reference: [`solve_tridiagonal`], to the bit, verdict included: systems of 1 to 70,
    /// 151, 152 and 400 rows (the one-way, two-way and partitioned paths), diagonally dominant
    /// with rows scaled by 1e-12 to 1e12 (continuants rescaled), not dominant, and with a zero
    /// and a NaN diagonal (the partition gives up), solved with one `TridiagWork` throughout,
    /// so that its arrays are reused at every size.
    #[test]
    fn solve_with_own_work_gives_the_thread_work_bits() {
        let mut seed = 4242u64;
        let mut rand = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut work = TridiagWork::default();
        for n in (1..=70).chain([151, 152, 400]) {
            for case in 0..4 {
                let row_scale: Vec<f64> = (0..n).map(|_| 10f64.powf(24.0 * rand())).collect();
                let a: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let c: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let mut b: Vec<f64> = (0..n)
                    .map(|i| match case {
                        1 => 2.0 * rand() * row_scale[i],
                        _ => a[i].abs() + c[i].abs() + (0.1 + rand().abs()) * row_scale[i],
                    })
                    .collect();
                match case {
                    2 => b[n / 2] = 0.0,
                    3 => b[n / 3] = f64::NAN,
                    _ => {}
                }
                let rhs: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let (mut want, mut got) = (rhs.clone(), rhs.clone());
                let (mut s_want, mut s_got) = (vec![0.0; n], vec![0.0; n]);
                let ok_want = solve_tridiagonal(&a, &b, &c, &mut want, &mut s_want);
                let ok_got = solve_tridiagonal_in(&a, &b, &c, &mut got, &mut s_got, &mut work);
                assert_eq!(ok_got, ok_want, "n {n} case {case}");
                let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "n {n} case {case}");
            }
        }
    }

    #[test]
    fn solves_a_known_system() {
        // [2 -1 0; -1 2 -1; 0 -1 2] x = [1 0 1] has x = [1 1 1].
        let a = [0.0, -1.0, -1.0];
        let b = [2.0, 2.0, 2.0];
        let c = [-1.0, -1.0, 0.0];
        let mut d = [1.0, 0.0, 1.0];
        let mut s = [0.0; 3];
        assert!(solve_tridiagonal(&a, &b, &c, &mut d, &mut s));
        for x in d {
            assert!((x - 1.0).abs() < 1e-14);
        }
    }

    /// Reference: the scalar two-way elimination [`two_way`], to the bit (solution, and the
    /// verdict on a vanishing or non-finite pivot), on the random systems of the test above
    /// (rows scaled by 1e-12 to 1e12), on systems with a zero first pivot and an infinite and
    /// a NaN diagonal entry inside, and on one with a diagonal of 1e30, whose continuants
    /// leave the range at the third row (so they are rescaled).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn sse2_lanes_agree_with_the_scalar_two_way_elimination_to_the_bit() {
        let mut seed = 777u64;
        let mut rand = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for n in (TWO_WAY_FROM..=40).chain([151, 152, 400]) {
            for case in 0..6 {
                let row_scale: Vec<f64> = (0..n).map(|_| 10f64.powf(24.0 * rand())).collect();
                let a: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let c: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let mut b: Vec<f64> = (0..n)
                    .map(|i| {
                        let r = rand();
                        match case {
                            0 => a[i].abs() + c[i].abs() + (0.1 + r.abs()) * row_scale[i],
                            _ => 2.0 * r * row_scale[i],
                        }
                    })
                    .collect();
                let k = n / 3;
                match case {
                    2 => b[0] = 0.0,
                    3 => b[k] = f64::INFINITY,
                    4 => b[n - 1 - k] = f64::NAN,
                    5 => b.iter_mut().for_each(|b| *b = 1e30),
                    _ => {}
                }
                let rhs: Vec<f64> = (0..n).map(|i| rand() * row_scale[i]).collect();
                let (mut x_sse, mut x) = (rhs.clone(), rhs.clone());
                let (mut s_sse, mut s) = (vec![0.0; n], vec![0.0; n]);
                // SAFETY: SSE2 is part of every x86-64 processor.
                let ok_sse = unsafe { two_way_sse2(&a, &b, &c, &mut x_sse, &mut s_sse) };
                let ok = two_way(&a, &b, &c, &mut x, &mut s);
                assert_eq!(ok_sse, ok, "n {n} case {case}");
                assert_eq!(
                    ok,
                    ![2, 3, 4].contains(&case) || case == 1,
                    "n {n} case {case}"
                );
                if ok {
                    for i in 0..n {
                        assert_eq!(
                            x_sse[i].to_bits(),
                            x[i].to_bits(),
                            "n {n} case {case} row {i}"
                        );
                    }
                }
            }
        }
    }
}
