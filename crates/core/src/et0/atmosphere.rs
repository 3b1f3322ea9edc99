//! Atmospheric parameters: pressure from elevation and the psychrometric constant
//! (FAO-56 chapter 3, eq. 7 and 8).

/// Latent heat of vaporisation used by FAO-56, MJ/kg (FAO-56 p. 31, for about 20 C).
pub const LATENT_HEAT_MJ_KG: f64 = 2.45;

/// Atmospheric pressure (kPa) at `elevation_m` above sea level, FAO-56 eq. 7:
/// P = 101.3 ((293 - 0.0065 z) / 293)^5.26.
///
/// # Units
/// `elevation_m` in m; returns kPa.
pub fn atmospheric_pressure_kpa(elevation_m: f64) -> f64 {
    101.3 * ((293.0 - 0.0065 * elevation_m) / 293.0).powf(5.26)
}

/// Psychrometric constant gamma (kPa/C), FAO-56 eq. 8: gamma = cp P / (epsilon lambda)
/// = 0.665e-3 P.
///
/// # Units
/// `pressure_kpa` in kPa; returns kPa/C.
pub fn psychrometric_constant_kpa_c(pressure_kpa: f64) -> f64 {
    0.665e-3 * pressure_kpa
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sea_level_pressure() {
        assert!((atmospheric_pressure_kpa(0.0) - 101.3).abs() < 1e-12);
    }
}
