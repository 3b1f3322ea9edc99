//! Wind speed at 2 m from a measurement at another height (FAO-56 chapter 3, eq. 47) and the
//! default for missing wind (FAO-56 chapter 3, "Missing wind speed data").

/// Wind speed at 2 m (m/s) used when no wind is measured: FAO-56 recommends 2 m/s as a
/// temporary estimate, the average over 2000 stations around the globe.
pub const DEFAULT_WIND_2M_MS: f64 = 2.0;

/// Wind speed at 2 m above the ground (m/s) from `wind_ms` measured at `height_m`, FAO-56 eq. 47
/// (logarithmic profile over short grass): u2 = uz 4.87 / ln(67.8 z - 5.42).
///
/// # Units
/// `wind_ms` in m/s, `height_m` in m (must be above about 0.08 m, where the logarithm is
/// positive); returns m/s.
pub fn wind_speed_2m_ms(wind_ms: f64, height_m: f64) -> f64 {
    wind_ms * 4.87 / (67.8 * height_m - 5.42).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_metres_is_nearly_identity() {
        // ln(67.8*2 - 5.42) = ln(130.18) = 4.869: eq. 47 is the identity at 2 m to 3 digits.
        assert!((wind_speed_2m_ms(3.0, 2.0) - 3.0).abs() < 1e-3);
    }
}
