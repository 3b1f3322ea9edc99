//! Forage dry matter and livestock carrying capacity.
//!
//! Carrying capacity = forage DM x utilisation / (daily intake x grazing days): the stocking-rate
//! arithmetic of range management (Holechek 1988, Rangelands 10:10-14; aral-domain.md section 7).

/// Daily forage intake of one animal unit (a 450-500 kg cow): 11.8 kg DM/day (Holechek 1988:
/// 26 lb per day, about 2.6 % of body weight).
pub const AU_INTAKE_KG_DM_D: f64 = 11.8;

/// Daily intake of one sheep unit (ewe with lamb): 2.0 kg DM/day (Stoddart et al. 1975, as in
/// aral-domain.md section 7).
pub const SHEEP_UNIT_INTAKE_KG_DM_D: f64 = 2.0;

/// Share of standing forage that may be grazed on Aralkum desert pasture (30 % allowable use for
/// semi-desert range; aral-domain.md section 7).
pub const UTILISATION_DESERT_PASTURE: f64 = 0.3;

/// Share that may be grazed on planted, well-managed shrub pasture (50 %, Stoddart et al. 1975's
/// "ideal" use; aral-domain.md section 7).
pub const UTILISATION_PLANTED_PASTURE: f64 = 0.5;

/// Forage dry matter: the usable share of above-ground biomass.
///
/// # Units
/// Same unit as `biomass`; `forage_fraction` in [0, 1].
pub fn forage_dm(biomass: f64, forage_fraction: f64) -> f64 {
    biomass * forage_fraction
}

/// Animal units that one hectare carries for `grazing_days`:
/// AU/ha = forage DM x utilisation / (intake x days).
///
/// # Units
/// `forage_kg_dm_ha` kg DM/ha; `utilisation` fraction; `intake_kg_dm_d` kg DM per animal per
/// day; `grazing_days` d. Returns 0 for a non-positive intake or period.
pub fn carrying_capacity_au_ha(
    forage_kg_dm_ha: f64,
    utilisation: f64,
    intake_kg_dm_d: f64,
    grazing_days: f64,
) -> f64 {
    if intake_kg_dm_d <= 0.0 || grazing_days <= 0.0 {
        return 0.0;
    }
    forage_kg_dm_ha.max(0.0) * utilisation / (intake_kg_dm_d * grazing_days)
}
