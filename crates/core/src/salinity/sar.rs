//! Sodicity: sodium adsorption ratio of a solution and the exchangeable sodium percentage it
//! brings the soil to.
//!
//! US Salinity Laboratory Staff (1954), *Diagnosis and Improvement of Saline and Alkali Soils*,
//! USDA Agriculture Handbook 60 (ed. L.A. Richards), ch. 2 and Fig. 9: SAR = Na / sqrt((Ca + Mg)/2)
//! with concentrations in meq/L, and the regression of the exchangeable sodium ratio on the SAR of
//! the saturation extract, ESR = -0.0126 + 0.01475 SAR, with ESP = 100 ESR / (1 + ESR).
//!
//! # Units
//! Concentrations in meq/L (mmol_c/L); SAR in (mmol/L)^0.5; ESP in % of the CEC.

/// Sodium adsorption ratio SAR = Na / sqrt((Ca + Mg) / 2) (USDA Handbook 60, ch. 2, eq. in
/// the "Sodium-adsorption-ratio" section).
///
/// # Units
/// `na_meq_l`, `ca_meq_l`, `mg_meq_l` in meq/L; the result in (meq/L)^0.5. Infinite when
/// Ca + Mg = 0 and Na > 0 (a pure sodium solution).
pub fn sodium_adsorption_ratio(na_meq_l: f64, ca_meq_l: f64, mg_meq_l: f64) -> f64 {
    na_meq_l / (0.5 * (ca_meq_l + mg_meq_l)).sqrt()
}

/// Exchangeable sodium ratio from SAR, ESR = -0.0126 + 0.01475 SAR (USDA Handbook 60, Fig. 9
/// regression on 59 soils of the western USA).
pub fn exchangeable_sodium_ratio_from_sar(sar: f64) -> f64 {
    -0.0126 + 0.01475 * sar
}

/// Exchangeable sodium percentage estimated from the SAR of the saturation extract:
/// ESP = 100 ESR / (1 + ESR), ESR from [`exchangeable_sodium_ratio_from_sar`] (USDA Handbook 60).
///
/// The regression's intercept makes ESR negative below SAR = 0.854; the ESP is then 0, since
/// a percentage of the exchange complex cannot be negative.
///
/// # Units
/// `sar` in (meq/L)^0.5; the result in % of the CEC.
pub fn esp_pct_from_sar(sar: f64) -> f64 {
    let esr = exchangeable_sodium_ratio_from_sar(sar);
    if esr <= 0.0 {
        0.0
    } else {
        100.0 * esr / (1.0 + esr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sar_of_a_simple_solution() {
        // Na 10, Ca + Mg 2: SAR = 10 / 1 = 10.
        assert!((sodium_adsorption_ratio(10.0, 1.0, 1.0) - 10.0).abs() < 1e-12);
    }

    #[test]
    fn esp_floor_and_growth() {
        assert_eq!(esp_pct_from_sar(0.0), 0.0);
        assert!(esp_pct_from_sar(0.9) > 0.0);
        // ESP tends to 100 % as SAR grows.
        assert!(esp_pct_from_sar(1e6) > 99.9 && esp_pct_from_sar(1e6) < 100.0);
    }
}
