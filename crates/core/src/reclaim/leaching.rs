//! Leaching requirement: the fraction of applied irrigation water that must drain below the root
//! zone to keep its salinity at a target.
//!
//! Rhoades (1974), "Drainage for salinity control", in van Schilfgaarde (ed.), *Drainage for
//! Agriculture*, ASA Monograph 17, as used by FAO-29 (Ayers & Westcot 1985, section 2.4.1, with
//! Table 4 thresholds): LR = ECw / (5 ECe_t - ECw). For high-frequency (drip) irrigation FAO-29
//! uses LR = ECw / (2 max ECe), max ECe being the ECe at zero yield; the applied water is then
//! AW = ET / (1 - LR).
//!
//! # Units
//! EC in dS/m; LR and AW/ET dimensionless.

use super::ReclaimError;

/// Leaching requirement LR = ECw / (5 ECe_t - ECw) (Rhoades 1974; FAO-29 section 2.4.1).
///
/// `ece_target_ds_m` is the root-zone ECe to hold, usually the crop's Maas-Hoffman threshold.
/// Errors when ECe_t <= 0, ECw < 0, or when the water is too saline for any leaching fraction
/// below 1 to reach the target (ECw >= 2.5 ECe_t, where LR >= 1).
///
/// # Units
/// `ec_water_ds_m`, `ece_target_ds_m` in dS/m; the result is a fraction of the applied water.
pub fn leaching_requirement(ec_water_ds_m: f64, ece_target_ds_m: f64) -> Result<f64, ReclaimError> {
    check_inputs(ec_water_ds_m, ece_target_ds_m, "ece_target_ds_m")?;
    let limit_ds_m = 2.5 * ece_target_ds_m;
    if ec_water_ds_m >= limit_ds_m {
        return Err(ReclaimError::WaterTooSaline {
            ec_water_ds_m,
            limit_ds_m,
        });
    }
    Ok(ec_water_ds_m / (5.0 * ece_target_ds_m - ec_water_ds_m))
}

/// Leaching requirement for high-frequency irrigation, LR = ECw / (2 max ECe) (FAO-29 section
/// 2.4.1), where `max_ece_ds_m` is the ECe at zero yield
/// ([`crate::salinity::stress::ece_at_zero_yield_ds_m`]).
///
/// # Units
/// EC in dS/m; the result is a fraction of the applied water.
pub fn leaching_requirement_high_frequency(
    ec_water_ds_m: f64,
    max_ece_ds_m: f64,
) -> Result<f64, ReclaimError> {
    check_inputs(ec_water_ds_m, max_ece_ds_m, "max_ece_ds_m")?;
    let limit_ds_m = 2.0 * max_ece_ds_m;
    if ec_water_ds_m >= limit_ds_m {
        return Err(ReclaimError::WaterTooSaline {
            ec_water_ds_m,
            limit_ds_m,
        });
    }
    Ok(ec_water_ds_m / limit_ds_m)
}

/// Applied water per unit of crop evapotranspiration, AW / ET = 1 / (1 - LR) (FAO-29, annual
/// applied water with leaching).
pub fn applied_water_per_et(leaching_requirement: f64) -> f64 {
    1.0 / (1.0 - leaching_requirement)
}

fn check_inputs(
    ec_water_ds_m: f64,
    ece_ds_m: f64,
    ece_name: &'static str,
) -> Result<(), ReclaimError> {
    if !(ec_water_ds_m >= 0.0 && ec_water_ds_m.is_finite()) {
        return Err(ReclaimError::OutOfRange {
            name: "ec_water_ds_m",
            value: ec_water_ds_m,
        });
    }
    if !(ece_ds_m > 0.0 && ece_ds_m.is_finite()) {
        return Err(ReclaimError::OutOfRange {
            name: ece_name,
            value: ece_ds_m,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FAO-29 worked numbers: water of 1 dS/m, target 4 dS/m gives 1/19.
    #[test]
    fn rhoades_simple_case() {
        assert!((leaching_requirement(1.0, 4.0).unwrap() - 1.0 / 19.0).abs() < 1e-15);
        assert_eq!(leaching_requirement(0.0, 4.0), Ok(0.0));
        assert!(matches!(
            leaching_requirement(10.0, 4.0),
            Err(ReclaimError::WaterTooSaline { .. })
        ));
        assert!(leaching_requirement(-1.0, 4.0).is_err());
        assert!(leaching_requirement(1.0, 0.0).is_err());
    }
}
