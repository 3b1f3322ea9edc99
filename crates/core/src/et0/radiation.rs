//! Radiation terms of the daily FAO-56 Penman-Monteith equation (FAO-56 chapter 3, eq. 21-25,
//! 34-40 and 50): extraterrestrial radiation from latitude and day of year, day length, solar
//! radiation from sunshine hours or from the temperature range, clear-sky radiation, and net
//! short- and long-wave radiation.
//!
//! # Units
//! Radiation in MJ m-2 d-1, angles in radians unless the name says `_deg`, hours in h.

use std::f64::consts::PI;

/// Solar constant Gsc, MJ m-2 min-1 (FAO-56 eq. 21).
pub const SOLAR_CONSTANT_MJ_M2_MIN: f64 = 0.0820;

/// Stefan-Boltzmann constant for a day, MJ K-4 m-2 d-1 (FAO-56 eq. 39).
pub const STEFAN_BOLTZMANN_MJ_K4_M2_D: f64 = 4.903e-9;

/// Albedo of the hypothetical grass reference crop (FAO-56 eq. 38).
pub const REFERENCE_ALBEDO: f64 = 0.23;

/// Angstrom regression constant a_s when no calibration is available (FAO-56 eq. 35).
pub const ANGSTROM_AS: f64 = 0.25;

/// Angstrom regression constant b_s when no calibration is available (FAO-56 eq. 35).
pub const ANGSTROM_BS: f64 = 0.50;

/// Hargreaves-Samani adjustment coefficient kRs for interior locations, C^-0.5 (FAO-56 eq. 50).
pub const KRS_INLAND: f64 = 0.16;

/// Hargreaves-Samani adjustment coefficient kRs for coastal locations, C^-0.5 (FAO-56 eq. 50).
pub const KRS_COASTAL: f64 = 0.19;

/// Latitude in radians from decimal degrees, FAO-56 eq. 22 (positive north, negative south).
pub fn latitude_rad(latitude_deg: f64) -> f64 {
    latitude_deg * PI / 180.0
}

/// Inverse relative distance Earth-Sun dr (dimensionless), FAO-56 eq. 23:
/// dr = 1 + 0.033 cos(2 pi J / 365), `day_of_year` J from 1 to 365 or 366.
pub fn inverse_relative_distance(day_of_year: u32) -> f64 {
    1.0 + 0.033 * (2.0 * PI * f64::from(day_of_year) / 365.0).cos()
}

/// Solar declination delta (rad), FAO-56 eq. 24: delta = 0.409 sin(2 pi J / 365 - 1.39).
pub fn solar_declination_rad(day_of_year: u32) -> f64 {
    0.409 * (2.0 * PI * f64::from(day_of_year) / 365.0 - 1.39).sin()
}

/// Sunset hour angle ws (rad), FAO-56 eq. 25: ws = arccos(-tan(phi) tan(delta)).
///
/// Beyond the polar circles the argument leaves [-1, 1] (polar night or midnight sun); it is
/// limited to that interval, which gives ws = 0 (no sunrise) or ws = pi (no sunset), the
/// physical limits of eq. 25.
pub fn sunset_hour_angle_rad(latitude_rad: f64, declination_rad: f64) -> f64 {
    (-latitude_rad.tan() * declination_rad.tan())
        .clamp(-1.0, 1.0)
        .acos()
}

/// Extraterrestrial radiation Ra (MJ m-2 d-1) for a day and latitude, FAO-56 eq. 21:
/// Ra = 24 (60) / pi Gsc dr [ws sin(phi) sin(delta) + cos(phi) cos(delta) sin(ws)],
/// with dr, delta and ws from eq. 23-25.
pub fn extraterrestrial_radiation_mj_m2(latitude_deg: f64, day_of_year: u32) -> f64 {
    let phi = latitude_rad(latitude_deg);
    let dr = inverse_relative_distance(day_of_year);
    let decl = solar_declination_rad(day_of_year);
    let ws = sunset_hour_angle_rad(phi, decl);
    let ra = 24.0 * 60.0 / PI
        * SOLAR_CONSTANT_MJ_M2_MIN
        * dr
        * (ws * phi.sin() * decl.sin() + phi.cos() * decl.cos() * ws.sin());
    // Rounding can leave a tiny negative value on the day the sun stops rising.
    ra.max(0.0)
}

/// Daylight hours N (maximum possible sunshine duration, h), FAO-56 eq. 34: N = 24 ws / pi.
pub fn daylight_hours(latitude_deg: f64, day_of_year: u32) -> f64 {
    let ws = sunset_hour_angle_rad(
        latitude_rad(latitude_deg),
        solar_declination_rad(day_of_year),
    );
    24.0 / PI * ws
}

/// Solar (shortwave) radiation Rs (MJ m-2 d-1) from sunshine duration, Angstrom formula, FAO-56
/// eq. 35: Rs = (a_s + b_s n / N) Ra, with `sunshine_h` n, `daylight_h` N and the uncalibrated
/// constants a_s = 0.25, b_s = 0.50 ([`ANGSTROM_AS`], [`ANGSTROM_BS`]).
///
/// When N is zero (polar night) Ra is zero too and so is Rs.
pub fn solar_radiation_from_sunshine_mj_m2(sunshine_h: f64, daylight_h: f64, ra_mj_m2: f64) -> f64 {
    if daylight_h <= 0.0 {
        return 0.0;
    }
    (ANGSTROM_AS + ANGSTROM_BS * sunshine_h / daylight_h) * ra_mj_m2
}

/// Solar radiation Rs (MJ m-2 d-1) from the daily temperature range, Hargreaves-Samani,
/// FAO-56 eq. 50: Rs = kRs sqrt(Tmax - Tmin) Ra, with kRs about 0.16 inland and 0.19 on the
/// coast ([`KRS_INLAND`], [`KRS_COASTAL`]).
///
/// A range below zero is invalid input (validated by the caller); it is treated as zero here so
/// the function stays defined.
pub fn solar_radiation_from_temperature_mj_m2(
    tmin_c: f64,
    tmax_c: f64,
    ra_mj_m2: f64,
    krs: f64,
) -> f64 {
    krs * (tmax_c - tmin_c).max(0.0).sqrt() * ra_mj_m2
}

/// Clear-sky solar radiation Rso (MJ m-2 d-1), FAO-56 eq. 37 (no calibrated Angstrom values):
/// Rso = (0.75 + 2e-5 z) Ra.
pub fn clear_sky_radiation_mj_m2(elevation_m: f64, ra_mj_m2: f64) -> f64 {
    (0.75 + 2e-5 * elevation_m) * ra_mj_m2
}

/// Clear-sky solar radiation Rso (MJ m-2 d-1) by the full method of ASCE-EWRI (2005, The ASCE
/// Standardized Reference Evapotranspiration Equation, Appendix D; also FAO-56 Annex 3), which
/// accounts for the turbidity of the air and its precipitable water instead of eq. 37's
/// elevation rule. This is what the REF-ET program uses.
///
/// Rso = (Kb + Kd) Ra with
/// Kb = 0.98 exp[-0.00146 P / (Kt sin(b24)) - 0.075 (W / sin(b24))^0.4] (beam),
/// Kd = 0.35 - 0.36 Kb for Kb >= 0.15, else 0.18 + 0.82 Kb (diffuse),
/// W = 0.14 ea P + 2.1 precipitable water (mm),
/// sin(b24) = sin(0.85 + 0.3 phi sin(2 pi J / 365 - 1.39) - 0.42 phi^2) (daylight-weighted sun
/// angle), Kt = 1 (clean air).
///
/// sin(b24) is kept at or above 0.01, as ASCE-EWRI advises, so that the formula stays defined
/// at high latitudes in winter.
pub fn clear_sky_radiation_asce_mj_m2(
    latitude_deg: f64,
    day_of_year: u32,
    pressure_kpa: f64,
    ea_kpa: f64,
    ra_mj_m2: f64,
) -> f64 {
    let phi = latitude_rad(latitude_deg);
    let sin_b24 = (0.85 + 0.3 * phi * (2.0 * PI * f64::from(day_of_year) / 365.0 - 1.39).sin()
        - 0.42 * phi * phi)
        .sin()
        .max(0.01);
    let turbidity = 1.0;
    let w_mm = 0.14 * ea_kpa.max(0.0) * pressure_kpa + 2.1;
    let kb = 0.98
        * (-0.00146 * pressure_kpa / (turbidity * sin_b24) - 0.075 * (w_mm / sin_b24).powf(0.4))
            .exp();
    let kd = if kb >= 0.15 {
        0.35 - 0.36 * kb
    } else {
        0.18 + 0.82 * kb
    };
    (kb + kd) * ra_mj_m2
}

/// Net shortwave radiation Rns (MJ m-2 d-1), FAO-56 eq. 38: Rns = (1 - albedo) Rs, with
/// albedo 0.23 for the grass reference ([`REFERENCE_ALBEDO`]).
pub fn net_shortwave_radiation_mj_m2(rs_mj_m2: f64) -> f64 {
    (1.0 - REFERENCE_ALBEDO) * rs_mj_m2
}

/// Net outgoing longwave radiation Rnl (MJ m-2 d-1), FAO-56 eq. 39:
/// Rnl = sigma (Tmax,K^4 + Tmin,K^4)/2 (0.34 - 0.14 sqrt(ea)) (1.35 Rs/Rso - 0.35).
///
/// Rs/Rso is limited to at most 1.0 as FAO-56 prescribes; when Rso is zero (no sun) the ratio
/// is taken as 1.0 (a day without sun, where the term has no shortwave to scale).
pub fn net_longwave_radiation_mj_m2(
    tmin_c: f64,
    tmax_c: f64,
    ea_kpa: f64,
    rs_mj_m2: f64,
    rso_mj_m2: f64,
) -> f64 {
    let tmax_k = tmax_c + 273.16;
    let tmin_k = tmin_c + 273.16;
    let ratio = if rso_mj_m2 > 0.0 {
        (rs_mj_m2 / rso_mj_m2).min(1.0)
    } else {
        1.0
    };
    STEFAN_BOLTZMANN_MJ_K4_M2_D * (tmax_k.powi(4) + tmin_k.powi(4)) / 2.0
        * (0.34 - 0.14 * ea_kpa.max(0.0).sqrt())
        * (1.35 * ratio - 0.35)
}

/// Net radiation Rn (MJ m-2 d-1), FAO-56 eq. 40: Rn = Rns - Rnl.
pub fn net_radiation_mj_m2(rns_mj_m2: f64, rnl_mj_m2: f64) -> f64 {
    rns_mj_m2 - rnl_mj_m2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polar_night_and_midnight_sun() {
        // 80 N at the winter solstice: no sun; at the summer solstice: 24 h of daylight.
        assert_eq!(extraterrestrial_radiation_mj_m2(80.0, 355), 0.0);
        assert!((daylight_hours(80.0, 172) - 24.0).abs() < 1e-12);
    }
}
