//! Tridiagonal solver (Thomas algorithm; e.g. Press et al., Numerical Recipes, sec. 2.4),
//! eliminating from both ends at once.

/// Below this many rows the system is solved by the one-way Thomas algorithm.
const TWO_WAY_FROM: usize = 8;

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
/// The operations are those of the one-way sweep up to rounding, and for the diagonally dominant
/// matrices of the column solver the results agree to round-off (unit test).
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
    if bad(t) || bad(u) {
        return false;
    }
    let inv_top = 1.0 / t;
    let inv_bot = 1.0 / u;
    scratch[0] = c[0] * inv_top;
    d[0] *= inv_top;
    scratch[last] = a[last] * inv_bot;
    d[last] *= inv_bot;
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
    if steps_down > steps_up {
        let i = steps_down;
        let t_next = b[i] * t - (a[i] * c[i - 1]) * t_prev;
        let inv_top = t / t_next;
        if bad(inv_top) {
            return false;
        }
        scratch[i] = c[i] * inv_top;
        d[i] = d[i] * inv_top - (a[i] * inv_top) * d[i - 1];
    }
    // Row m with x[m-1] and x[m+1] substituted from its two neighbours.
    let pivot = b[m] - a[m] * scratch[m - 1] - c[m] * scratch[m + 1];
    if bad(pivot) {
        return false;
    }
    d[m] = (d[m] - a[m] * d[m - 1] - c[m] * d[m + 1]) / pivot;
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
}
