//! What a season gives: relative yield (FAO-33 Ky on seasonal transpiration), biomass
//! (Steduto et al. 2009), harvested yield (harvest index), forage, livestock carrying capacity
//! and survival, from the totals of a simulated season.
//!
//! Relative yield uses transpiration, not evapotranspiration, because the simulator separates
//! the two and only transpiration is linked to production (Steduto et al. 2009); with the uptake
//! salinity stress of [`super::params::SpeciesParams::solver_salt_stress`] it reproduces
//! Maas-Hoffman under steady salinity (FAO-56 ch. 8).

use super::forage::{carrying_capacity_au_ha, forage_dm};
use super::params::SpeciesParams;
use super::yield_response::{biomass_g_m2, g_m2_to_t_ha, relative_yield_ky, yield_from_biomass};

/// Totals of one simulated season.
///
/// # Units
/// cm of water; `sum_tr_over_et0` dimensionless (sum of daily Tr/ET0); dS/m; days.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeasonTotals {
    /// Actual transpiration over the season (cm).
    pub transp_cm: f64,
    /// Potential transpiration over the season (cm).
    pub transp_pot_cm: f64,
    /// Sum over days of actual transpiration over reference ET (Steduto et al. 2009).
    pub sum_tr_over_et0: f64,
    /// Root-zone ECe the survival test is made on (the seasonal mean, or what the caller judges
    /// decisive) (dS/m).
    pub root_zone_ece_ds_m: f64,
}

/// How animals are counted on the forage.
///
/// # Units
/// fraction; kg DM per animal per day; days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grazing {
    /// Share of forage that may be eaten.
    pub utilisation: f64,
    /// Daily intake per animal unit (kg DM/d).
    pub intake_kg_dm_d: f64,
    /// Days the forage must feed the animals.
    pub days: f64,
}

impl Default for Grazing {
    /// 30 % use of desert pasture, one animal unit of 11.8 kg DM/d, a year of grazing.
    fn default() -> Grazing {
        Grazing {
            utilisation: super::forage::UTILISATION_DESERT_PASTURE,
            intake_kg_dm_d: super::forage::AU_INTAKE_KG_DM_D,
            days: 365.0,
        }
    }
}

/// What one season gave.
///
/// # Units
/// t/ha of dry matter; AU/ha; fractions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeasonOutcome {
    /// FAO-33 relative yield on transpiration, 1 - Ky (1 - Ta/Tp), in [0, 1].
    pub relative_yield: f64,
    /// Above-ground biomass B = WP* sum(Tr/ET0) (t/ha).
    pub biomass_t_ha: f64,
    /// Harvested product: HI x B, or the forage for species without a harvest index (t/ha).
    pub yield_t_ha: f64,
    /// Usable forage dry matter, forage fraction x B (t/ha).
    pub forage_t_ha: f64,
    /// Animal units carried by the forage for the grazing period (AU/ha).
    pub carrying_capacity_au_ha: f64,
    /// False when the root-zone ECe reached the survival limit.
    pub survived: bool,
}

/// The outcome of a season of species `p` (see the module notes for each relation).
pub fn season_outcome(p: &SpeciesParams, t: &SeasonTotals, grazing: &Grazing) -> SeasonOutcome {
    let relative_yield = relative_yield_ky(t.transp_cm, t.transp_pot_cm, p.ky);
    let biomass_t_ha = g_m2_to_t_ha(biomass_g_m2(p.wp_star_g_m2, t.sum_tr_over_et0));
    let forage_t_ha = forage_dm(biomass_t_ha, p.forage_fraction);
    let yield_t_ha = match p.harvest_index {
        Some(hi) => yield_from_biomass(hi, biomass_t_ha),
        None => forage_t_ha,
    };
    SeasonOutcome {
        relative_yield,
        biomass_t_ha,
        yield_t_ha,
        forage_t_ha,
        carrying_capacity_au_ha: carrying_capacity_au_ha(
            forage_t_ha * 1000.0,
            grazing.utilisation,
            grazing.intake_kg_dm_d,
            grazing.days,
        ),
        survived: p.survives(t.root_zone_ece_ds_m),
    }
}
