//! Smooth daily values from twelve monthly means that keep every monthly mean exactly.
//!
//! Linear interpolation between the monthly means placed at mid-month flattens the seasonal
//! cycle: the mean of the interpolated curve over the warmest month is below that month's normal.
//! Here the mid-month anchors are adjusted instead, `a <- a + (target - mean_of_curve(a))`, until
//! the monthly means of the piecewise-linear curve through the anchors equal the targets. The
//! curve is periodic over the year (December joins January). Each month's mean depends on its
//! own anchor with weight about 3/4 and on its neighbours' with about 1/8 each, so the
//! correction operator has spectral radius about 1/2 and the iteration converges geometrically;
//! the result is exact to rounding (in the spirit of Rymes & Myers 2001, Solar Energy 71:
//! 225-231, who adjust averaged data iteratively in the same way).

/// Daily values (one per day of the year, `month_lengths` summed) of a periodic piecewise-linear
/// curve through mid-month anchors whose monthly means equal `monthly_means` to rounding.
///
/// # Units
/// Whatever `monthly_means` is in; `month_lengths` in days (e.g. 31, 28, ...).
pub fn mean_preserving_daily(monthly_means: &[f64; 12], month_lengths: &[u32; 12]) -> Vec<f64> {
    let mut anchors = *monthly_means;
    let mut daily = piecewise_linear(&anchors, month_lengths);
    for _ in 0..200 {
        let means = monthly_means_of(&daily, month_lengths);
        let mut worst: f64 = 0.0;
        for m in 0..12 {
            let miss = monthly_means[m] - means[m];
            worst = worst.max(miss.abs());
            anchors[m] += miss;
        }
        let scale = monthly_means.iter().fold(1.0_f64, |a, v| a.max(v.abs()));
        if worst <= 1e-13 * scale {
            break;
        }
        daily = piecewise_linear(&anchors, month_lengths);
    }
    daily
}

/// Mean of `daily` over each month.
pub fn monthly_means_of(daily: &[f64], month_lengths: &[u32; 12]) -> [f64; 12] {
    let mut out = [0.0; 12];
    let mut start = 0usize;
    for (m, len) in month_lengths.iter().enumerate() {
        let len = *len as usize;
        out[m] = daily[start..start + len].iter().sum::<f64>() / len as f64;
        start += len;
    }
    out
}

/// Periodic piecewise-linear curve through `anchors` placed at the middle of each month,
/// evaluated at the middle of each day.
fn piecewise_linear(anchors: &[f64; 12], month_lengths: &[u32; 12]) -> Vec<f64> {
    let year: f64 = month_lengths.iter().map(|&l| f64::from(l)).sum();
    let mut mids = [0.0; 12];
    let mut start = 0.0;
    for m in 0..12 {
        let len = f64::from(month_lengths[m]);
        mids[m] = start + len / 2.0;
        start += len;
    }
    let days = year as usize;
    (0..days)
        .map(|d| {
            let t = d as f64 + 0.5;
            // The anchor at or before t (cyclically) and the one after it.
            let (m0, t0, m1, t1) = match (0..12).rev().find(|&m| mids[m] <= t) {
                // Before mid-January: between last December and this January.
                None => (11, mids[11] - year, 0, mids[0]),
                // After mid-December: between this December and next January.
                Some(11) => (11, mids[11], 0, mids[0] + year),
                Some(m) => (m, mids[m], m + 1, mids[m + 1]),
            };
            let w = (t - t0) / (t1 - t0);
            anchors[m0] * (1.0 - w) + anchors[m1] * w
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LENGTHS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    #[test]
    fn monthly_means_are_kept_and_curve_is_continuous() {
        let means = [
            -7.4, -4.5, 3.0, 12.0, 19.5, 24.5, 26.5, 24.5, 18.5, 10.5, 2.5, -3.5,
        ];
        let daily = mean_preserving_daily(&means, &LENGTHS);
        assert_eq!(daily.len(), 365);
        let got = monthly_means_of(&daily, &LENGTHS);
        for m in 0..12 {
            assert!((got[m] - means[m]).abs() < 1e-10, "month {m}");
        }
        // Smooth: no day-to-day jump larger than the steepest month-to-month change per day.
        for w in daily.windows(2) {
            assert!((w[1] - w[0]).abs() < 0.5);
        }
        assert!(
            (daily[364] - daily[0]).abs() < 0.5,
            "December joins January"
        );
    }

    #[test]
    fn a_constant_stays_constant() {
        let daily = mean_preserving_daily(&[3.0; 12], &LENGTHS);
        assert!(daily.iter().all(|v| (v - 3.0).abs() < 1e-12));
    }
}
