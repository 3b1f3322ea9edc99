//! Hourly (or shorter) FAO-56 Penman-Monteith ET0 terms (FAO-56 chapter 3, eq. 28-33, 39 with
//! the hourly Stefan-Boltzmann constant, 45-46, and chapter 4, eq. 53).
//!
//! aralkum runs on daily steps; these functions exist so that hourly station data and the
//! FAO-56 hourly worked example (Example 19) can be checked with the same building blocks.
//!
//! # Units
//! Radiation in MJ m-2 h-1, angles in radians, times in hours, longitudes in degrees west of
//! Greenwich (FAO-56 convention for eq. 31).

use super::radiation::{
    inverse_relative_distance, latitude_rad, solar_declination_rad, sunset_hour_angle_rad,
    SOLAR_CONSTANT_MJ_M2_MIN, STEFAN_BOLTZMANN_MJ_K4_M2_D,
};
use std::f64::consts::PI;

/// Stefan-Boltzmann constant for one hour, MJ K-4 m-2 h-1: the daily constant of eq. 39 divided
/// by 24 (FAO-56 Example 19 prints it rounded, 2.043e-10).
pub const STEFAN_BOLTZMANN_MJ_K4_M2_H: f64 = STEFAN_BOLTZMANN_MJ_K4_M2_D / 24.0;

/// Seasonal correction for solar time Sc (h), FAO-56 eq. 32-33:
/// Sc = 0.1645 sin(2b) - 0.1255 cos(b) - 0.025 sin(b), b = 2 pi (J - 81) / 364.
pub fn seasonal_correction_h(day_of_year: u32) -> f64 {
    let b = seasonal_b_rad(day_of_year);
    0.1645 * (2.0 * b).sin() - 0.1255 * b.cos() - 0.025 * b.sin()
}

/// The angle b (rad) of FAO-56 eq. 33: b = 2 pi (J - 81) / 364.
pub fn seasonal_b_rad(day_of_year: u32) -> f64 {
    2.0 * PI * (f64::from(day_of_year) - 81.0) / 364.0
}

/// Solar time angle omega (rad) at the midpoint `t_mid_h` (standard clock time) of the period,
/// FAO-56 eq. 31: omega = pi/12 [(t + 0.06667 (Lz - Lm) + Sc) - 12], with `lz_deg_west` the
/// longitude of the centre of the time zone and `lm_deg_west` that of the site, both in degrees
/// west of Greenwich.
pub fn solar_time_angle_rad(
    t_mid_h: f64,
    lz_deg_west: f64,
    lm_deg_west: f64,
    day_of_year: u32,
) -> f64 {
    PI / 12.0
        * ((t_mid_h + 0.06667 * (lz_deg_west - lm_deg_west) + seasonal_correction_h(day_of_year))
            - 12.0)
}

/// Solar time angles at the beginning and end of a period of `period_h` hours centred on
/// `omega_rad`, FAO-56 eq. 29-30: omega1,2 = omega -/+ pi t1 / 24.
pub fn period_end_angles_rad(omega_rad: f64, period_h: f64) -> (f64, f64) {
    (
        omega_rad - PI * period_h / 24.0,
        omega_rad + PI * period_h / 24.0,
    )
}

/// Extraterrestrial radiation for an hourly or shorter period (MJ m-2 per period), FAO-56
/// eq. 28: Ra = 12 (60) / pi Gsc dr [(w2 - w1) sin(phi) sin(delta) + cos(phi) cos(delta)
/// (sin(w2) - sin(w1))].
///
/// FAO-56 states that eq. 28 holds while the sun is above the horizon (-ws <= w <= ws); the
/// period's angles are limited to [-ws, ws], which gives Ra = 0 at night and the sunlit part of
/// a period that contains sunrise or sunset.
pub fn extraterrestrial_radiation_period_mj_m2(
    latitude_deg: f64,
    day_of_year: u32,
    omega1_rad: f64,
    omega2_rad: f64,
) -> f64 {
    let phi = latitude_rad(latitude_deg);
    let decl = solar_declination_rad(day_of_year);
    let ws = sunset_hour_angle_rad(phi, decl);
    let w1 = omega1_rad.clamp(-ws, ws);
    let w2 = omega2_rad.clamp(-ws, ws);
    if w2 <= w1 {
        return 0.0;
    }
    12.0 * 60.0 / PI
        * SOLAR_CONSTANT_MJ_M2_MIN
        * inverse_relative_distance(day_of_year)
        * ((w2 - w1) * phi.sin() * decl.sin() + phi.cos() * decl.cos() * (w2.sin() - w1.sin()))
}

/// Net outgoing longwave radiation for one hour (MJ m-2 h-1), FAO-56 eq. 39 with the hourly
/// constant and the hour's temperature: Rnl = sigma T_K^4 (0.34 - 0.14 sqrt(ea))
/// (1.35 Rs/Rso - 0.35). At night FAO-56 takes Rs/Rso from the hours before sunset (0.4-0.8,
/// 0.8 in Example 19); pass it as `rs_rso` (limited to at most 1.0 as in the daily eq. 39).
pub fn net_longwave_radiation_hourly_mj_m2(t_c: f64, ea_kpa: f64, rs_rso: f64) -> f64 {
    STEFAN_BOLTZMANN_MJ_K4_M2_H
        * (t_c + 273.16).powi(4)
        * (0.34 - 0.14 * ea_kpa.max(0.0).sqrt())
        * (1.35 * rs_rso.min(1.0) - 0.35)
}

/// Soil heat flux for an hour under the grass reference (MJ m-2 h-1), FAO-56 eq. 45 (daylight,
/// G = 0.1 Rn) and eq. 46 (night, G = 0.5 Rn).
pub fn soil_heat_flux_hourly_mj_m2(rn_mj_m2_h: f64, daylight: bool) -> f64 {
    if daylight {
        0.1 * rn_mj_m2_h
    } else {
        0.5 * rn_mj_m2_h
    }
}

/// Hourly reference evapotranspiration ET0 (mm/h), FAO-56 eq. 53:
/// ET0 = [0.408 Delta (Rn - G) + gamma 37 / (Thr + 273) u2 (e0(Thr) - ea)]
///       / [Delta + gamma (1 + 0.34 u2)].
///
/// # Units
/// `delta_kpa_c` (at Thr) and `gamma_kpa_c` in kPa/C, `rn_mj_m2_h` and `g_mj_m2_h` in
/// MJ m-2 h-1, `t_c` the hour's mean temperature in C, `u2_ms` in m/s, `e0_kpa` = e0(Thr) and
/// `ea_kpa` in kPa; returns mm/h.
#[allow(clippy::too_many_arguments)]
pub fn et0_hourly_mm(
    delta_kpa_c: f64,
    gamma_kpa_c: f64,
    rn_mj_m2_h: f64,
    g_mj_m2_h: f64,
    t_c: f64,
    u2_ms: f64,
    e0_kpa: f64,
    ea_kpa: f64,
) -> f64 {
    (0.408 * delta_kpa_c * (rn_mj_m2_h - g_mj_m2_h)
        + gamma_kpa_c * 37.0 / (t_c + 273.0) * u2_ms * (e0_kpa - ea_kpa))
        / (delta_kpa_c + gamma_kpa_c * (1.0 + 0.34 * u2_ms))
}
