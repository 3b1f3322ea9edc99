//! Tridiagonal solver (Thomas algorithm; e.g. Press et al., Numerical Recipes, sec. 2.4).

/// Solves `a[i] x[i-1] + b[i] x[i] + c[i] x[i+1] = d[i]` in place: on return `d` holds `x`.
///
/// `a[0]` and `c[n-1]` are ignored. `scratch` must have the length of `b`. Returns `false` when
/// a pivot vanishes (the matrices of the column solver are diagonally dominant, so this
/// signals a defect rather than an ill-posed problem).
pub fn solve_tridiagonal(
    a: &[f64],
    b: &[f64],
    c: &[f64],
    d: &mut [f64],
    scratch: &mut [f64],
) -> bool {
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
