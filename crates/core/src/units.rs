//! Unit conversions shared by the whole project (INTERFACES section 2).
//!
//! # Units
//! Salt concentration of the soil solution in g/L (= mg/cm3), electrical conductivity in dS/m,
//! salt mass per area in mg/cm2 (1 mg/cm2 = 0.1 t/ha).

/// Default ratio of total dissolved solids to electrical conductivity, g/L per dS/m.
///
/// TDS (mg/L) ~ 640 EC (dS/m) for most irrigation and drainage waters (USSL Handbook 60,
/// Richards 1954; FAO-29, Ayers & Westcot 1985, Table 3 footnote).
pub const DEFAULT_TDS_G_L_PER_DS_M: f64 = 0.64;

/// Electrical conductivity (dS/m) of a solution with `salt_g_l` of total dissolved solids.
pub fn ec_ds_m_from_salt_g_l(salt_g_l: f64, tds_g_l_per_ds_m: f64) -> f64 {
    salt_g_l / tds_g_l_per_ds_m
}

/// Total dissolved solids (g/L) of a solution of conductivity `ec_ds_m`.
pub fn salt_g_l_from_ec_ds_m(ec_ds_m: f64, tds_g_l_per_ds_m: f64) -> f64 {
    ec_ds_m * tds_g_l_per_ds_m
}

/// ECe of the saturation extract from the soil-solution concentration at water content `theta`.
///
/// The salt in the soil water at `theta` is diluted into the saturation water content
/// `theta_s`: ECe = c theta / theta_s / f (INTERFACES section 2).
pub fn ece_ds_m_from_solution(
    salt_g_l: f64,
    theta: f64,
    theta_s: f64,
    tds_g_l_per_ds_m: f64,
) -> f64 {
    salt_g_l * theta / theta_s / tds_g_l_per_ds_m
}

/// Soil-solution concentration (g/L) at water content `theta` for a given ECe (inverse of
/// [`ece_ds_m_from_solution`]).
pub fn solution_g_l_from_ece(
    ece_ds_m: f64,
    theta: f64,
    theta_s: f64,
    tds_g_l_per_ds_m: f64,
) -> f64 {
    ece_ds_m * tds_g_l_per_ds_m * theta_s / theta
}

/// Millimetres to centimetres.
pub fn cm_from_mm(mm: f64) -> f64 {
    mm / 10.0
}

/// Salt mass per area: mg/cm2 to t/ha (1 mg/cm2 = 1e-9 t / 1e-8 ha = 0.1 t/ha).
pub fn t_ha_from_mg_cm2(mg_cm2: f64) -> f64 {
    mg_cm2 * 0.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ece_round_trip() {
        let c = solution_g_l_from_ece(12.0, 0.25, 0.41, DEFAULT_TDS_G_L_PER_DS_M);
        let ece = ece_ds_m_from_solution(c, 0.25, 0.41, DEFAULT_TDS_G_L_PER_DS_M);
        assert!((ece - 12.0).abs() < 1e-12);
    }

    #[test]
    fn mass_per_area() {
        assert!((t_ha_from_mg_cm2(10.0) - 1.0).abs() < 1e-15);
    }
}
