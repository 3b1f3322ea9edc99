//! Saturation and actual vapour pressure, and the slope of the saturation curve
//! (FAO-56 chapter 3, eq. 11-19, and eq. 48 for missing humidity).
//!
//! # Units
//! Temperatures in C, relative humidity in percent (0-100), vapour pressures in kPa.

/// Saturation vapour pressure e0(T) (kPa) at air temperature `t_c`, FAO-56 eq. 11:
/// e0(T) = 0.6108 exp(17.27 T / (T + 237.3)).
pub fn saturation_vapour_pressure_kpa(t_c: f64) -> f64 {
    0.6108 * (17.27 * t_c / (t_c + 237.3)).exp()
}

/// Mean saturation vapour pressure es (kPa) of a day, FAO-56 eq. 12:
/// es = (e0(Tmax) + e0(Tmin)) / 2. Averaging e0 rather than taking e0 of the mean temperature
/// accounts for the non-linearity of eq. 11.
pub fn mean_saturation_vapour_pressure_kpa(tmin_c: f64, tmax_c: f64) -> f64 {
    (saturation_vapour_pressure_kpa(tmax_c) + saturation_vapour_pressure_kpa(tmin_c)) / 2.0
}

/// Slope of the saturation vapour pressure curve Delta (kPa/C) at temperature `t_c`,
/// FAO-56 eq. 13: Delta = 4098 e0(T) / (T + 237.3)^2. For a daily step T is the mean of Tmax
/// and Tmin (FAO-56 eq. 9 and p. 37).
pub fn saturation_slope_kpa_c(t_c: f64) -> f64 {
    4098.0 * saturation_vapour_pressure_kpa(t_c) / (t_c + 237.3).powi(2)
}

/// Actual vapour pressure ea (kPa) from the dew point temperature, FAO-56 eq. 14:
/// ea = e0(Tdew).
pub fn ea_from_dew_point_kpa(tdew_c: f64) -> f64 {
    saturation_vapour_pressure_kpa(tdew_c)
}

/// Actual vapour pressure ea (kPa) from daily maximum and minimum relative humidity,
/// FAO-56 eq. 17: ea = (e0(Tmin) RHmax/100 + e0(Tmax) RHmin/100) / 2.
pub fn ea_from_rh_min_max_kpa(tmin_c: f64, tmax_c: f64, rh_min_pct: f64, rh_max_pct: f64) -> f64 {
    (saturation_vapour_pressure_kpa(tmin_c) * rh_max_pct / 100.0
        + saturation_vapour_pressure_kpa(tmax_c) * rh_min_pct / 100.0)
        / 2.0
}

/// Actual vapour pressure ea (kPa) when only the maximum relative humidity is known (or RHmin is
/// unreliable), FAO-56 eq. 18: ea = e0(Tmin) RHmax / 100.
pub fn ea_from_rh_max_kpa(tmin_c: f64, rh_max_pct: f64) -> f64 {
    saturation_vapour_pressure_kpa(tmin_c) * rh_max_pct / 100.0
}

/// Actual vapour pressure ea (kPa) from the daily mean relative humidity, FAO-56 eq. 19:
/// ea = RHmean/100 (e0(Tmax) + e0(Tmin)) / 2. FAO-56 calls this the least desirable of the
/// humidity equations.
pub fn ea_from_rh_mean_kpa(tmin_c: f64, tmax_c: f64, rh_mean_pct: f64) -> f64 {
    rh_mean_pct / 100.0 * mean_saturation_vapour_pressure_kpa(tmin_c, tmax_c)
}

/// Actual vapour pressure ea (kPa) estimated from the minimum temperature when humidity data are
/// missing, FAO-56 eq. 48 (Tdew ~ Tmin): ea = e0(Tmin).
///
/// FAO-56 (Annex 6) notes that in arid climates the air may not saturate at night, so that
/// Tdew can lie 2-3 C below Tmin; this function implements eq. 48 as printed and leaves that
/// correction to the caller (pass `tmin_c - offset`).
pub fn ea_from_tmin_kpa(tmin_c: f64) -> f64 {
    saturation_vapour_pressure_kpa(tmin_c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_matches_derivative_of_eq11() {
        // Eq. 13 is the analytical derivative of eq. 11 with 17.27 x 237.3 = 4098.17 rounded to
        // 4098 (4.2e-5 relative); check against a central difference to 1e-4 relative.
        for t in [-20.0, 0.0, 16.9, 35.0] {
            let h = 1e-4;
            let fd = (saturation_vapour_pressure_kpa(t + h)
                - saturation_vapour_pressure_kpa(t - h))
                / (2.0 * h);
            assert!((saturation_slope_kpa_c(t) - fd).abs() < 1e-4 * fd);
        }
    }
}
