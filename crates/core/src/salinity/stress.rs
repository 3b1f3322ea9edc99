//! Plant response to root-zone salinity: the Maas & Hoffman (1977) threshold-slope line, its
//! FAO-29 inversions, the FAO-56 salinity stress coefficient and the S-shaped response.

/// Maas & Hoffman (1977) threshold-slope relative yield (0-1):
/// Yr = 1 - b (ECe - a) / 100 for ECe > a, 1 below, clipped at 0.
///
/// # Units
/// `ece_ds_m` and `threshold_ds_m` in dS/m, `slope_pct_per_ds_m` in % per dS/m.
pub fn maas_hoffman_relative_yield(
    ece_ds_m: f64,
    threshold_ds_m: f64,
    slope_pct_per_ds_m: f64,
) -> f64 {
    if ece_ds_m <= threshold_ds_m {
        1.0
    } else {
        (1.0 - slope_pct_per_ds_m / 100.0 * (ece_ds_m - threshold_ds_m)).max(0.0)
    }
}

/// ECe (dS/m) at which the Maas & Hoffman (1977) line gives `relative_yield_pct`:
/// ECe = a + (100 - Y) / b, the inversion behind the yield-potential columns of FAO-29
/// (Ayers & Westcot 1985) Table 4. Below 100 % only; `relative_yield_pct` >= 100 gives the
/// threshold itself.
///
/// # Units
/// `threshold_ds_m` in dS/m, `slope_pct_per_ds_m` in % per dS/m, `relative_yield_pct` in %.
pub fn ece_at_relative_yield_ds_m(
    threshold_ds_m: f64,
    slope_pct_per_ds_m: f64,
    relative_yield_pct: f64,
) -> f64 {
    threshold_ds_m + (100.0 - relative_yield_pct).max(0.0) / slope_pct_per_ds_m
}

/// ECe (dS/m) at zero yield on the Maas & Hoffman line, a + 100 / b ("maximum ECe" of FAO-29,
/// used in its leaching requirement for high-frequency irrigation).
pub fn ece_at_zero_yield_ds_m(threshold_ds_m: f64, slope_pct_per_ds_m: f64) -> f64 {
    ece_at_relative_yield_ds_m(threshold_ds_m, slope_pct_per_ds_m, 0.0)
}

/// FAO-56 salinity stress coefficient on transpiration without water stress (Allen et al.
/// 1998, ch. 8, "Salinity stress", the Ks equation for soils without water stress):
/// Ks = 1 - b / (Ky 100) (ECe - ECe_threshold) above the threshold, 1 below,
/// floored at 0.
///
/// # Units
/// `ece_ds_m`, `threshold_ds_m` in dS/m; `slope_pct_per_ds_m` in % per dS/m; `ky` (FAO-33
/// yield response factor) dimensionless.
pub fn fao56_salinity_ks(
    ece_ds_m: f64,
    threshold_ds_m: f64,
    slope_pct_per_ds_m: f64,
    ky: f64,
) -> f64 {
    if ece_ds_m <= threshold_ds_m {
        1.0
    } else {
        (1.0 - slope_pct_per_ds_m / (ky * 100.0) * (ece_ds_m - threshold_ds_m)).max(0.0)
    }
}

/// van Genuchten & Hoffman (1984) / van Genuchten (1987) S-shaped response:
/// alpha = 1 / (1 + (EC / EC50)^p), as used for salinity stress in HYDRUS-1D.
///
/// # Units
/// `ec_ds_m` and `ec50_ds_m` in dS/m; `exponent` dimensionless (about 3 for most crops).
pub fn s_shape_relative_uptake(ec_ds_m: f64, ec50_ds_m: f64, exponent: f64) -> f64 {
    if ec_ds_m <= 0.0 {
        1.0
    } else {
        1.0 / (1.0 + (ec_ds_m / ec50_ds_m).powf(exponent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maas_hoffman_barley() {
        // FAO-29 Table 4: barley 8.0 dS/m, 5 %/dS/m -> 50 % at 18 dS/m.
        assert!((maas_hoffman_relative_yield(18.0, 8.0, 5.0) - 0.5).abs() < 1e-12);
        assert_eq!(maas_hoffman_relative_yield(4.0, 8.0, 5.0), 1.0);
        assert_eq!(maas_hoffman_relative_yield(40.0, 8.0, 5.0), 0.0);
    }

    #[test]
    fn s_shape_half_at_ec50() {
        assert!((s_shape_relative_uptake(20.0, 20.0, 3.0) - 0.5).abs() < 1e-12);
    }
}
