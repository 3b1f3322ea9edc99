//! Canopy cover: from a crop's Kc curve (FAO-56 eq. 76), the basal coefficient of sparse
//! vegetation from its cover (FAO-56 eq. 98), the upper limit Kc,max (FAO-56 eq. 72) and the
//! cover of planted perennial shrubs over the years.

use super::kc::KcCurve;

/// Kc of nearly bare, dry soil: the lower limit Kc,min of FAO-56 eqs. 76 and 98 (FAO-56 ch. 7:
/// 0.15-0.20 for annual crops under nearly bare soil; 0.15 is used, also FAO-56 Table 17's
/// typical Kcb,ini).
pub const KC_MIN: f64 = 0.15;

/// Kc,max of FAO-56 eq. 72 in the standard climate (u2 = 2 m/s, RHmin = 45 %), where the
/// climate term vanishes: 1.2.
pub const KC_MAX_STANDARD: f64 = 1.2;

/// Upper limit of the fraction of ground covered (FAO-56 eq. 76: fc is limited to < 0.99).
pub const COVER_FRAC_MAX: f64 = 0.99;

/// FAO-56 eq. 72: the maximum Kc following rain or irrigation,
/// Kc,max = max(1.2 + [0.04 (u2 - 2) - 0.004 (RHmin - 45)] (h/3)^0.3, Kcb + 0.05).
///
/// # Units
/// `u2_m_s` wind at 2 m (m/s), `rh_min_pct` mean daily minimum relative humidity (%),
/// `height_m` plant height (m), `kcb` the basal (or single) coefficient of the day.
pub fn kc_max_eq72(u2_m_s: f64, rh_min_pct: f64, height_m: f64, kcb: f64) -> f64 {
    let climate =
        (0.04 * (u2_m_s - 2.0) - 0.004 * (rh_min_pct - 45.0)) * (height_m / 3.0).powf(0.3);
    (1.2 + climate).max(kcb + 0.05)
}

/// FAO-56 eq. 76: fraction of the ground covered by vegetation from the crop coefficient,
/// fc = ((Kcb - Kc,min) / (Kc,max - Kc,min))^(1 + 0.5 h), limited to [0, 0.99].
///
/// # Units
/// `kcb`, `kc_min`, `kc_max` dimensionless; `height_m` plant height (m).
pub fn cover_frac_eq76(kcb: f64, kc_min: f64, kc_max: f64, height_m: f64) -> f64 {
    if kcb <= kc_min || kc_max <= kc_min {
        return 0.0;
    }
    let ratio = ((kcb - kc_min) / (kc_max - kc_min)).min(1.0);
    ratio.powf(1.0 + 0.5 * height_m).min(COVER_FRAC_MAX)
}

/// Canopy cover of a crop with a single Kc curve, `day` days after sowing (0 outside the
/// season).
///
/// FAO-56 eq. 76 is written for the basal coefficient Kcb. With a single-coefficient table the
/// initial Kc is mostly soil evaporation (FAO-56 Table 17 gives Kcb,ini = 0.15 for most field
/// crops, and 1.0 for paddy rice whose Kc,ini 1.05 is open water), so eq. 76 is evaluated on the
/// curve with its initial value replaced by Kc,min: cover is 0 in the initial stage, rises during
/// development, is greatest in mid-season and falls as Kc falls in the late season.
pub fn cover_frac_on_kc_curve(curve: &KcCurve, day: f64, height_m: f64, kc_max: f64) -> f64 {
    match curve.with_kc_ini(KC_MIN).kc_at(day) {
        Some(kcb) => cover_frac_eq76(kcb, KC_MIN, kc_max, height_m),
        None => 0.0,
    }
}

/// FAO-56 eq. 98: basal coefficient of sparse (natural) vegetation from its cover,
/// Kcb = Kc,min + (Kcb,full - Kc,min) min(1, 2 fc, fc^(1/(1+h))).
///
/// # Units
/// `cover_frac` in [0, 1], `height_m` (m); coefficients dimensionless.
pub fn kcb_sparse_eq98(kc_min: f64, kcb_full: f64, cover_frac: f64, height_m: f64) -> f64 {
    let fc = cover_frac.clamp(0.0, 1.0);
    let density = 1.0_f64.min(2.0 * fc).min(fc.powf(1.0 / (1.0 + height_m)));
    kc_min + (kcb_full - kc_min) * density
}

/// Cover of a planted perennial shrub stand over the years.
///
/// The stand starts at `initial_frac` when planted and approaches `max_frac` exponentially,
/// fc(y) = fmax - (fmax - f0) exp(-3 y / T), so that 95 % of the way (1 - e^-3) is reached at
/// T = `years_to_max`. This saturating form is this project's choice (a growth curve without a
/// published shape for the Aralkum shrubs); its two ends are the table's sourced values.
///
/// # Units
/// Fractions of ground covered (0-1); `years_to_max` in years.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShrubCover {
    /// Cover at planting.
    pub initial_frac: f64,
    /// Cover of the mature stand.
    pub max_frac: f64,
    /// Years to 95 % of the way from `initial_frac` to `max_frac`.
    pub years_to_max: f64,
}

impl ShrubCover {
    /// Cover `years` after planting (the initial cover before planting time 0).
    pub fn cover_frac_at(&self, years: f64) -> f64 {
        let y = years.max(0.0);
        self.max_frac - (self.max_frac - self.initial_frac) * (-3.0 * y / self.years_to_max).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq72_standard_climate_is_1_2() {
        assert!((kc_max_eq72(2.0, 45.0, 1.0, 0.3) - 1.2).abs() < 1e-12);
        // Kcb + 0.05 governs when it is larger.
        assert!((kc_max_eq72(2.0, 45.0, 1.0, 1.2) - 1.25).abs() < 1e-12);
    }

    #[test]
    fn eq76_limits() {
        assert_eq!(cover_frac_eq76(0.15, KC_MIN, 1.2, 1.0), 0.0);
        assert_eq!(cover_frac_eq76(1.2, KC_MIN, 1.2, 1.0), COVER_FRAC_MAX);
    }

    #[test]
    fn shrub_cover_reaches_95_pct_of_the_way() {
        let s = ShrubCover {
            initial_frac: 0.02,
            max_frac: 0.35,
            years_to_max: 8.0,
        };
        assert!((s.cover_frac_at(0.0) - 0.02).abs() < 1e-12);
        let expected = 0.35 - 0.33 * (-3.0f64).exp();
        assert!((s.cover_frac_at(8.0) - expected).abs() < 1e-12);
    }
}
