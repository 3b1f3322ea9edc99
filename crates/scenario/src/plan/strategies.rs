//! Irrigation strategies of a plan and the water each application gets.
//!
//! Every strategy irrigates on a fixed interval inside the site's water season while the plant
//! grows, and never more than the water left of the year's volume:
//! - `none`: rain only;
//! - `full`: the crop's evapotranspiration minus rain since the last application (ETc = Kc ET0,
//!   FAO-56 eq. 58, net irrigation requirement as in FAO-56 ch. 8);
//! - `deficit`: [`DEFICIT_FRACTION`] of `full`, the regulated deficit irrigation of FAO-33 /
//!   FAO Irrigation and Drainage Paper 66 (Steduto et al. 2012), 50-60 % of the full requirement;
//! - `full_plus_lf`: `full` divided by 1 - LR, with the leaching requirement LR of the water for
//!   the species' threshold ECe (Rhoades 1974 as in FAO-29, eq. 7:
//!   LR = ECw / (5 ECe_t - ECw); applied water AW = ET / (1 - LR), FAO-29 eq. 8).

use super::site::WaterSupply;
use aralkum_core::column::ColumnSpec;
use aralkum_core::crop::SpeciesParams;
use aralkum_core::reclaim::{leaching_requirement, ReclaimError};
use aralkum_core::soil::HydraulicFunctions;

/// Share of the full requirement given by the deficit strategy (FAO-66: 50-60 %).
pub const DEFICIT_FRACTION: f64 = 0.55;
/// Days between applications (a weekly furrow or basin turn, usual in Karakalpakstan).
pub const IRRIGATION_INTERVAL_D: u32 = 7;
/// TDS-to-EC factor of irrigation water (INTERFACES section 2): EC (dS/m) = TDS (g/L) / 0.64.
pub const TDS_G_L_PER_DS_M: f64 = 0.64;

/// Depth (cm) of soil whose least saturated conductivity limits how fast water is applied.
pub const INTAKE_DEPTH_CM: f64 = 100.0;

/// Largest daily depth (cm/d) at which irrigation and leaching water is applied: a fifth of the least
/// saturated conductivity of the layers in the top [`INTAKE_DEPTH_CM`] (at least 0.5 cm/d). A
/// larger application is spread over the following days, as a basin or furrow takes water in
/// over several days on a slowly permeable soil (FAO-29: intake rate below the saturated
/// conductivity; Hoffman 1980: intermittent ponding). It also spares the solver ponded fronts
/// piling onto a clay layer.
pub fn application_rate_cm_d(column: &ColumnSpec) -> f64 {
    let mut top = 0.0;
    let mut ks_min = f64::INFINITY;
    for l in &column.layers {
        if top < INTAKE_DEPTH_CM {
            ks_min = ks_min.min(l.hydraulics.ks_cm_d());
        }
        top = l.bottom_cm;
    }
    (0.2 * ks_min).max(0.5)
}

/// How a candidate is irrigated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strategy {
    /// Rain only.
    None,
    /// A share of the full requirement.
    Deficit,
    /// The full requirement (ETc minus rain).
    Full,
    /// The full requirement plus the leaching requirement.
    FullPlusLeaching,
}

impl Strategy {
    /// Every strategy, from least to most water.
    pub const ALL: [Strategy; 4] = [
        Strategy::None,
        Strategy::Deficit,
        Strategy::Full,
        Strategy::FullPlusLeaching,
    ];

    /// Name in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::None => "none",
            Strategy::Deficit => "deficit",
            Strategy::Full => "full",
            Strategy::FullPlusLeaching => "full_plus_lf",
        }
    }

    /// A sentence for the report.
    pub fn describe(self) -> String {
        match self {
            Strategy::None => "rain only".to_string(),
            Strategy::Deficit => format!(
                "{:.0} % of ETc minus rain every {IRRIGATION_INTERVAL_D} d",
                DEFICIT_FRACTION * 100.0
            ),
            Strategy::Full => format!("ETc minus rain every {IRRIGATION_INTERVAL_D} d"),
            Strategy::FullPlusLeaching => format!(
                "ETc minus rain, divided by 1 - LR (FAO-29 leaching requirement), every \
                 {IRRIGATION_INTERVAL_D} d"
            ),
        }
    }
}

/// The root-zone ECe (dS/m) a plan aims to hold for a species: its Maas-Hoffman threshold (the
/// ECe_t of FAO-29's leaching requirement), or for an S-shape species the ECe of 90 % growth.
pub fn target_ece_ds_m(p: &SpeciesParams) -> f64 {
    let t = p.salt.ece_at_relative_yield(1.0);
    if t > 0.0 {
        t
    } else {
        p.salt.ece_at_relative_yield(0.9)
    }
}

/// EC (dS/m) of the site's irrigation water.
pub fn water_ec_ds_m(water: &WaterSupply) -> f64 {
    water.salt_g_l / TDS_G_L_PER_DS_M
}

/// Leaching requirement of the strategy for species `p` with the site's water: 0 except for
/// `full_plus_lf` (FAO-29 eq. 7); an error when the water is too saline to hold the target.
pub fn leaching_fraction(
    strategy: Strategy,
    water: &WaterSupply,
    p: &SpeciesParams,
) -> Result<f64, ReclaimError> {
    match strategy {
        Strategy::FullPlusLeaching => {
            let lr = leaching_requirement(water_ec_ds_m(water), target_ece_ds_m(p))?;
            if lr >= 0.9 {
                // AW = ET / (1 - LR) grows without bound as LR approaches 1.
                return Err(ReclaimError::WaterTooSaline {
                    ec_water_ds_m: water_ec_ds_m(water),
                    limit_ds_m: 5.0 * target_ece_ds_m(p) * 0.9 / 1.9,
                });
            }
            Ok(lr)
        }
        _ => Ok(0.0),
    }
}

/// Depth (cm) of one application for a net requirement `net_demand_cm` (ETc minus rain since
/// the last application), before the cap of the remaining volume.
pub fn application_cm(strategy: Strategy, net_demand_cm: f64, leaching_fraction: f64) -> f64 {
    let net = net_demand_cm.max(0.0);
    match strategy {
        Strategy::None => 0.0,
        Strategy::Deficit => DEFICIT_FRACTION * net,
        Strategy::Full => net,
        Strategy::FullPlusLeaching => net / (1.0 - leaching_fraction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applications_scale_as_fao29_says() {
        // FAO-29 eq. 8: AW = ET / (1 - LR); with LR = 0.2, 10 cm of ET needs 12.5 cm.
        assert!((application_cm(Strategy::FullPlusLeaching, 10.0, 0.2) - 12.5).abs() < 1e-12);
        assert!((application_cm(Strategy::Deficit, 10.0, 0.0) - 5.5).abs() < 1e-12);
        assert_eq!(application_cm(Strategy::Full, -3.0, 0.0), 0.0);
        assert_eq!(application_cm(Strategy::None, 10.0, 0.0), 0.0);
    }
}
