//! Property tests of the van Genuchten-Mualem functions (issue 2, acceptance "hydraulic
//! functions") over n in (1.01, 4], alpha in [1e-4, 1] /cm and h in [-1e7, 0] cm.
//!
//! - theta(h(theta)) returns theta to 1e-10 (absolute, in cm3/cm3).
//! - C(h) = dtheta/dh matches a central difference of theta(h) to 1e-6 relative.
//! - K(h) never decreases as h increases, and K(0) = Ks.
//!
//! The central difference: a relative step d = 1e-3 |h| (never crossing h = 0), improved by one
//! Richardson extrapolation, R = (4 D(d/2) - D(d)) / 3, whose truncation error is O((d/h)^4),
//! about 1e-12 relative. The round-off error is what limits the step: theta(h) = theta_r +
//! (theta_s - theta_r) Se(h) is differenced in the form whose variable part carries full
//! precision, Se itself where Se < 1/2 and 1 - Se ([`effective_saturation_deficit`]) near
//! saturation. Differencing theta directly would lose every digit wherever theta sits within
//! 1e-16 of theta_r or theta_s (h = -1e7 cm with n = 4 gives Se ~ 1e-21), which is a limit of the
//! test, not of C(h). Both forms have the exact derivative (theta_s - theta_r) dSe/dh.
//!
//! [`effective_saturation_deficit`]: VanGenuchtenMualem::effective_saturation_deficit

use aralkum_core::soil::{HydraulicFunctions, VanGenuchtenMualem};
use proptest::prelude::*;

fn soil(theta_r: f64, theta_s: f64, alpha_per_cm: f64, n: f64) -> VanGenuchtenMualem {
    VanGenuchtenMualem {
        theta_r,
        theta_s,
        alpha_per_cm,
        n,
        ks_cm_d: 25.0,
        l: 0.5,
    }
}

/// n in (1.01, 4]: the open end is kept open by starting a hair above 1.01.
fn n_strategy() -> impl Strategy<Value = f64> {
    (1.01 + 1e-12)..=4.0
}

/// alpha in [1e-4, 1] /cm, log-uniform so that every decade is tried.
fn alpha_strategy() -> impl Strategy<Value = f64> {
    (-4.0f64..=0.0).prop_map(|e| 10f64.powf(e))
}

/// h in [-1e7, 0] cm: log-uniform in |h| from 1e-6 to 1e7 cm, plus the two ends exactly.
fn head_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (-6.0f64..=7.0).prop_map(|e| -(10f64.powf(e))),
        1 => Just(-1e7),
        1 => Just(0.0),
    ]
}

/// Central difference of `f` at `h` with step `d`, improved by one Richardson step.
fn richardson_derivative(f: &dyn Fn(f64) -> f64, h: f64, d: f64) -> f64 {
    let central = |step: f64| (f(h + step) - f(h - step)) / (2.0 * step);
    (4.0 * central(0.5 * d) - central(d)) / 3.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn theta_of_head_of_theta_round_trips(
        n in n_strategy(),
        alpha in alpha_strategy(),
        h in head_strategy(),
        theta_r in 0.0f64..0.15,
        theta_s in 0.30f64..0.60,
    ) {
        let s = soil(theta_r, theta_s, alpha, n);
        let theta = s.theta(h);
        prop_assert!(theta >= theta_r && theta <= theta_s);
        let back = s.theta(s.head_cm(theta));
        prop_assert!((back - theta).abs() <= 1e-10, "theta {theta} -> h {} -> {back}", s.head_cm(theta));
    }

    #[test]
    fn head_inverts_theta_over_the_water_content_range(
        n in n_strategy(),
        alpha in alpha_strategy(),
        fraction in 0.0f64..=1.0,
        theta_r in 0.0f64..0.15,
        theta_s in 0.30f64..0.60,
    ) {
        let s = soil(theta_r, theta_s, alpha, n);
        let theta = theta_r + fraction * (theta_s - theta_r);
        let h = s.head_cm(theta);
        prop_assert!(h <= 0.0);
        prop_assert!((s.theta(h) - theta).abs() <= 1e-10);
    }

    #[test]
    fn capacity_matches_central_difference(
        n in n_strategy(),
        alpha in alpha_strategy(),
        h in head_strategy(),
    ) {
        prop_assume!(h < 0.0);
        let s = soil(0.05, 0.45, alpha, n);
        let spread = s.theta_s - s.theta_r;
        let se = s.effective_saturation(h);
        let numeric = if se < 0.5 {
            richardson_derivative(&|x| spread * s.effective_saturation(x), h, 1e-3 * -h)
        } else {
            -richardson_derivative(&|x| spread * s.effective_saturation_deficit(x), h, 1e-3 * -h)
        };
        let analytic = s.capacity_per_cm(h);
        prop_assert!(analytic > 0.0 && analytic.is_finite());
        prop_assert!(
            ((numeric - analytic) / analytic).abs() <= 1e-6,
            "h {h}: C {analytic:e} vs difference {numeric:e}"
        );
    }

    #[test]
    fn conductivity_is_monotone_in_head(
        n in n_strategy(),
        alpha in alpha_strategy(),
        h1 in head_strategy(),
        h2 in head_strategy(),
    ) {
        let s = soil(0.05, 0.45, alpha, n);
        let (lo, hi) = if h1 <= h2 { (h1, h2) } else { (h2, h1) };
        let (k_lo, k_hi) = (s.conductivity_cm_d(lo), s.conductivity_cm_d(hi));
        prop_assert!(k_lo >= 0.0 && k_hi.is_finite());
        prop_assert!(k_lo <= k_hi, "K({lo}) = {k_lo:e} > K({hi}) = {k_hi:e}");
        prop_assert!(k_hi <= s.ks_cm_d);
    }

    /// Neighbouring heads (relative spacing 1e-9 to 1e-3) as well: a sign slip in the
    /// cancellation-free forms would show up here first.
    #[test]
    fn conductivity_is_monotone_between_close_heads(
        n in n_strategy(),
        alpha in alpha_strategy(),
        h in head_strategy(),
        gap in -9.0f64..-3.0,
    ) {
        prop_assume!(h < 0.0);
        let s = soil(0.05, 0.45, alpha, n);
        let wetter = h * (1.0 - 10f64.powf(gap));
        prop_assert!(s.conductivity_cm_d(h) <= s.conductivity_cm_d(wetter));
    }

    #[test]
    fn saturation_and_deficit_add_to_one(
        n in n_strategy(),
        alpha in alpha_strategy(),
        h in head_strategy(),
    ) {
        let s = soil(0.05, 0.45, alpha, n);
        let sum = s.effective_saturation(h) + s.effective_saturation_deficit(h);
        prop_assert!((sum - 1.0).abs() <= 4.0 * f64::EPSILON);
    }
}

#[test]
fn saturated_values() {
    let s = soil(0.078, 0.43, 0.036, 1.56);
    assert_eq!(s.conductivity_cm_d(0.0), s.ks_cm_d);
    assert_eq!(s.theta(0.0), s.theta_s);
    assert_eq!(s.capacity_per_cm(0.0), 0.0);
    assert_eq!(s.head_cm(s.theta_s), 0.0);
    assert_eq!(s.head_cm(s.theta_r), f64::NEG_INFINITY);
}
