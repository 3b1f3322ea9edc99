//! The FAO-56 Penman-Monteith equation for the grass reference surface, daily step
//! (FAO-56 chapter 2, eq. 6), and the daily soil heat flux (chapter 3, eq. 42).

/// Soil heat flux G for a day or ten-day period (MJ m-2 d-1): FAO-56 eq. 42, G ~ 0 beneath the
/// grass reference because the daily heat stored by day is lost at night.
pub const DAILY_SOIL_HEAT_FLUX_MJ_M2: f64 = 0.0;

/// Reference evapotranspiration ET0 (mm/d), FAO-56 eq. 6:
///
/// ET0 = [0.408 Delta (Rn - G) + gamma 900 / (T + 273) u2 (es - ea)]
///       / [Delta + gamma (1 + 0.34 u2)]
///
/// # Units
/// `delta_kpa_c` and `gamma_kpa_c` in kPa/C, `rn_mj_m2` and `g_mj_m2` in MJ m-2 d-1,
/// `tmean_c` (mean daily air temperature at 2 m) in C, `u2_ms` in m/s at 2 m, `es_kpa` and
/// `ea_kpa` in kPa; returns mm/d. The result is not clipped: on a cold winter day with negative
/// net radiation and saturated air it can be slightly negative (condensation), as the equation
/// gives it.
#[allow(clippy::too_many_arguments)]
pub fn et0_penman_monteith_mm(
    delta_kpa_c: f64,
    gamma_kpa_c: f64,
    rn_mj_m2: f64,
    g_mj_m2: f64,
    tmean_c: f64,
    u2_ms: f64,
    es_kpa: f64,
    ea_kpa: f64,
) -> f64 {
    let radiation_term = 0.408 * delta_kpa_c * (rn_mj_m2 - g_mj_m2);
    let aerodynamic_term = gamma_kpa_c * 900.0 / (tmean_c + 273.0) * u2_ms * (es_kpa - ea_kpa);
    (radiation_term + aerodynamic_term) / (delta_kpa_c + gamma_kpa_c * (1.0 + 0.34 * u2_ms))
}

/// Soil heat flux for monthly periods (MJ m-2 d-1), FAO-56 eq. 44 (when the next month's mean
/// temperature is unknown): G_month,i = 0.14 (T_month,i - T_month,i-1).
pub fn monthly_soil_heat_flux_mj_m2(tmonth_c: f64, tmonth_previous_c: f64) -> f64 {
    0.14 * (tmonth_c - tmonth_previous_c)
}
