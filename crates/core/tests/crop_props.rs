//! Invariants of the crop module (proptest): the split conserves ETc, cover stays in its range,
//! the Kc curve is continuous and bounded by its stage values, roots and shrub cover never shrink,
//! and more salinity never raises relative yield.

use aralkum_core::crop::cover::{
    cover_frac_eq76, cover_frac_on_kc_curve, kcb_sparse_eq98, ShrubCover, COVER_FRAC_MAX,
    KC_MAX_STANDARD, KC_MIN,
};
use aralkum_core::crop::roots::root_depth_annual_cm;
use aralkum_core::crop::split::{split_etc_by_cover, split_sparse_shrub};
use aralkum_core::crop::yield_response::relative_yield_ky;
use aralkum_core::crop::{KcCurve, SaltTolerance};
use proptest::prelude::*;

fn curve() -> impl Strategy<Value = KcCurve> {
    (
        0.1..1.2f64,
        0.5..1.3f64,
        0.1..1.2f64,
        1.0..60.0f64,
        1.0..80.0f64,
        1.0..120.0f64,
        1.0..60.0f64,
    )
        .prop_map(|(i, m, e, a, b, c, d)| KcCurve {
            kc_ini: i,
            kc_mid: m,
            kc_end: e,
            l_ini_d: a,
            l_dev_d: b,
            l_mid_d: c,
            l_late_d: d,
        })
}

proptest! {
    #[test]
    fn crop_split_conserves_etc(etc in 0.0..1.5f64, fc in -0.5..1.5f64) {
        let s = split_etc_by_cover(etc, fc);
        prop_assert!((s.total_cm_d() - etc).abs() < 1e-12);
        prop_assert!(s.evap_pot_cm_d >= 0.0 && s.transp_pot_cm_d >= 0.0);
    }

    #[test]
    fn shrub_split_never_exceeds_kc_max(
        et0 in 0.0..1.2f64, fc in 0.0..1.0f64, h in 0.1..8.0f64, kcb in 0.1..1.2f64, active: bool
    ) {
        let s = split_sparse_shrub(et0, fc, h, kcb, KC_MAX_STANDARD, active);
        prop_assert!(s.evap_pot_cm_d >= 0.0 && s.transp_pot_cm_d >= 0.0);
        prop_assert!(s.total_cm_d() <= KC_MAX_STANDARD * et0 + 1e-12);
        prop_assert!(s.transp_pot_cm_d <= kcb * et0 + 1e-12);
    }

    #[test]
    fn cover_in_range_and_monotone_in_kc(k1 in 0.0..1.4f64, k2 in 0.0..1.4f64, h in 0.0..4.0f64) {
        let (lo, hi) = if k1 <= k2 { (k1, k2) } else { (k2, k1) };
        let a = cover_frac_eq76(lo, KC_MIN, KC_MAX_STANDARD, h);
        let b = cover_frac_eq76(hi, KC_MIN, KC_MAX_STANDARD, h);
        prop_assert!((0.0..=COVER_FRAC_MAX).contains(&a) && (0.0..=COVER_FRAC_MAX).contains(&b));
        prop_assert!(a <= b);
    }

    #[test]
    fn kc_curve_bounded_and_continuous(c in curve(), t in 0.0..1.0f64) {
        let day = t * c.season_length_d();
        let kc = c.kc_at(day).unwrap();
        let lo = c.kc_ini.min(c.kc_mid).min(c.kc_end);
        let hi = c.kc_ini.max(c.kc_mid).max(c.kc_end);
        prop_assert!(kc >= lo - 1e-12 && kc <= hi + 1e-12);
        // A small step in time moves Kc by at most the steepest slope times the step.
        let step = 1e-3;
        if let Some(k2) = c.kc_at(day + step) {
            let slope = ((c.kc_mid - c.kc_ini) / c.l_dev_d).abs()
                .max(((c.kc_end - c.kc_mid) / c.l_late_d).abs());
            prop_assert!((k2 - kc).abs() <= slope * step + 1e-9);
        }
        let fc = cover_frac_on_kc_curve(&c, day, 1.0, KC_MAX_STANDARD);
        prop_assert!((0.0..=COVER_FRAC_MAX).contains(&fc));
    }

    #[test]
    fn roots_and_shrub_cover_never_shrink(
        t1 in 0.0..400.0f64, dt in 0.0..100.0f64, zmin in 1.0..50.0f64, extra in 0.0..500.0f64,
        f0 in 0.0..0.1f64, fmax in 0.1..0.9f64, years in 0.5..20.0f64
    ) {
        let a = root_depth_annual_cm(zmin, zmin + extra, 60.0, t1);
        let b = root_depth_annual_cm(zmin, zmin + extra, 60.0, t1 + dt);
        prop_assert!(b >= a && a >= zmin && b <= zmin + extra);
        let s = ShrubCover { initial_frac: f0, max_frac: fmax, years_to_max: years };
        let y1 = t1 / 20.0;
        prop_assert!(s.cover_frac_at(y1 + dt / 20.0) >= s.cover_frac_at(y1));
        prop_assert!(s.cover_frac_at(y1) <= fmax);
    }

    #[test]
    fn more_salt_never_raises_yield(
        e1 in 0.0..100.0f64, de in 0.0..50.0f64, a in 0.0..10.0f64, b in 1.0..30.0f64,
        e50 in 5.0..100.0f64, p in 1.0..5.0f64
    ) {
        for s in [
            SaltTolerance::MaasHoffman { threshold_ds_m: a, slope_pct_per_ds_m: b },
            SaltTolerance::SShape { ece50_ds_m: e50, exponent: p },
        ] {
            let y1 = s.relative_yield(e1);
            let y2 = s.relative_yield(e1 + de);
            prop_assert!(y2 <= y1 + 1e-15 && (0.0..=1.0).contains(&y2));
        }
    }

    #[test]
    fn ky_yield_in_unit_range_and_monotone(
        eta in 0.0..100.0f64, d in 0.0..50.0f64, etm in 1.0..200.0f64, ky in 0.2..1.5f64
    ) {
        let y1 = relative_yield_ky(eta.min(etm), etm, ky);
        let y2 = relative_yield_ky((eta + d).min(etm), etm, ky);
        prop_assert!((0.0..=1.0).contains(&y1) && y2 >= y1);
    }

    #[test]
    fn eq98_density_factor_bounded(fc in 0.0..1.0f64, h in 0.0..10.0f64, full in 0.2..1.3f64) {
        let k = kcb_sparse_eq98(KC_MIN, full, fc, h);
        prop_assert!(k >= KC_MIN.min(full) - 1e-12 && k <= KC_MIN.max(full) + 1e-12);
    }
}
