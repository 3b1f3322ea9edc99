//! One candidate: a species under a strategy over the plan's horizon, simulated day by day in
//! the column solver, the profile carried from one year to the next.
//!
//! Each plan year starts on the first day of the water season; annual crops are sown that day
//! and follow their FAO-56 Kc curve, perennials are planted in year 1 and their cover and roots
//! grow over the years ([`daily_potential`]). The day's Kc x ET0 is split into potential
//! evaporation and transpiration by the canopy cover; roots deepen over the season (annuals) or
//! over the years (perennials); the groundwater is the column's water-table bottom with its salt.
//! Irrigation follows the [`Strategy`], within the water season and the year's volume.
//!
//! Each season gives relative yield (FAO-33 Ky on transpiration), biomass (Steduto et al. 2009
//! WP*), yield, forage and carrying capacity ([`season_outcome`]) and the seasonal mean root-zone
//! ECe. A plant whose seasonal mean root-zone ECe reaches its survival limit dies: the option is
//! not viable and its simulation stops there.

use super::site::{Site, WaterSupply};
use super::strategies::{
    application_cm, application_rate_cm_d, leaching_fraction, target_ece_ds_m, Strategy,
    IRRIGATION_INTERVAL_D,
};
use super::years::{PlanDay, YEAR_D};
use crate::species::{Species, SpeciesKind};
use aralkum_core::column::{
    Column, ColumnSpec, Fluxes, Forcing, InitialSalt, InitialWater, PlantSpec, Profile,
    RootDistribution, SaltStressBasis,
};
use aralkum_core::crop::cover::KC_MAX_STANDARD;
use aralkum_core::crop::{daily_potential, season_outcome, Grazing, SeasonTotals};

/// Days between points of the root-zone ECe series kept for the report.
pub const SERIES_EVERY_D: usize = 5;
/// Shallowest depth (cm) over which root-zone ECe is judged (a seedling's root zone).
pub const MIN_ROOT_ZONE_CM: f64 = 10.0;

/// What one year of a candidate gave.
///
/// # Units
/// cm of water, t/ha of dry matter, dS/m.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearResult {
    /// Plan year (1 = first year of the candidate).
    pub year: usize,
    /// Irrigation applied (cm).
    pub irrigation_cm: f64,
    /// Rain (cm).
    pub precip_cm: f64,
    /// Actual and potential transpiration over the season (cm).
    pub transp_cm: f64,
    /// Potential transpiration over the season (cm).
    pub transp_pot_cm: f64,
    /// Soil evaporation (cm).
    pub evaporation_cm: f64,
    /// Drainage out of the column bottom (cm).
    pub drainage_cm: f64,
    /// Capillary rise from the groundwater (cm).
    pub capillary_rise_cm: f64,
    /// Mean root-zone ECe over the growing days (dS/m).
    pub season_ece_ds_m: f64,
    /// Highest daily root-zone ECe over the growing days (dS/m).
    pub max_ece_ds_m: f64,
    /// FAO-33 relative yield.
    pub relative_yield: f64,
    /// Above-ground biomass (t/ha).
    pub biomass_t_ha: f64,
    /// Harvested product (t/ha).
    pub yield_t_ha: f64,
    /// Forage dry matter (t/ha).
    pub forage_t_ha: f64,
    /// Animal units per ha for a year's grazing.
    pub carrying_capacity_au_ha: f64,
    /// Mean canopy cover over the whole year (fraction).
    pub mean_cover_frac: f64,
    /// False when the seasonal root-zone ECe reached the survival limit.
    pub survived: bool,
}

/// A candidate's whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionRun {
    /// Species id.
    pub species: String,
    /// Species name.
    pub name: String,
    /// Kind of plant.
    pub kind: SpeciesKind,
    /// Strategy.
    pub strategy: Strategy,
    /// Survival limit of the species (dS/m).
    pub survival_ece_ds_m: f64,
    /// Root-zone ECe the strategy aims to hold (dS/m).
    pub target_ece_ds_m: f64,
    /// Leaching requirement used (0 unless `full_plus_lf`).
    pub leaching_fraction: f64,
    /// Years simulated (fewer than the horizon when the plant died or the run failed).
    pub years: Vec<YearResult>,
    /// Root-zone ECe every [`SERIES_EVERY_D`] days: (day since the start of year 1, dS/m), over
    /// the species' deepest roots.
    pub ece_series: Vec<(f64, f64)>,
    /// Root-zone ECe at the end over the species' deepest roots (dS/m).
    pub final_root_zone_ece_ds_m: f64,
    /// Why the option cannot be recommended, when it cannot: death, too saline water, a failed
    /// simulation.
    pub failure: Option<String>,
}

impl OptionRun {
    fn mean(&self, f: impl Fn(&YearResult) -> f64, horizon: usize) -> f64 {
        if horizon == 0 {
            return 0.0;
        }
        // Years after death count as zero: a dead plant gives nothing.
        self.years.iter().map(f).sum::<f64>() / horizon as f64
    }

    /// Mean irrigation per year of the horizon (mm).
    pub fn water_used_mm(&self, horizon: usize) -> f64 {
        10.0 * self.mean(|y| y.irrigation_cm, horizon)
    }
    /// Mean biomass per year (t/ha).
    pub fn biomass_t_ha(&self, horizon: usize) -> f64 {
        self.mean(|y| y.biomass_t_ha, horizon)
    }
    /// Mean forage per year (t/ha).
    pub fn forage_t_ha(&self, horizon: usize) -> f64 {
        self.mean(|y| y.forage_t_ha, horizon)
    }
    /// Mean yield per year (t/ha).
    pub fn yield_t_ha(&self, horizon: usize) -> f64 {
        self.mean(|y| y.yield_t_ha, horizon)
    }
    /// Mean relative yield per year.
    pub fn relative_yield(&self, horizon: usize) -> f64 {
        self.mean(|y| y.relative_yield, horizon)
    }
    /// Mean canopy cover over the horizon.
    pub fn cover_frac(&self, horizon: usize) -> f64 {
        self.mean(|y| y.mean_cover_frac, horizon)
    }
    /// Mean carrying capacity (AU/ha).
    pub fn carrying_capacity_au_ha(&self, horizon: usize) -> f64 {
        self.mean(|y| y.carrying_capacity_au_ha, horizon)
    }
}

/// The column of a candidate: the site's column from `start` (the profile after the
/// reclamation leaching), with the species' uptake.
pub fn candidate_column(site_column: &ColumnSpec, start: &Profile, sp: &Species) -> ColumnSpec {
    let mut spec = site_column.clone();
    spec.initial_water = InitialWater::HeadProfile(
        start
            .depth_cm
            .iter()
            .copied()
            .zip(start.head_cm.iter().copied())
            .collect(),
    );
    spec.initial_salt = InitialSalt::ConcentrationProfile(
        start
            .depth_cm
            .iter()
            .copied()
            .zip(start.salt_g_l.iter().copied())
            .collect(),
    );
    spec.plant = Some(PlantSpec {
        feddes: sp.params.feddes.to_feddes(),
        root_distribution: RootDistribution::Linear,
        salt_stress: sp.params.solver_salt_stress(),
        salt_stress_basis: SaltStressBasis::Ece,
    });
    spec
}

/// Runs species `sp` under `strategy` over `weather` (one entry per plan year) from the
/// profile `start`.
pub fn simulate_option(
    site: &Site,
    start: &Profile,
    weather: &[Vec<PlanDay>],
    sp: &Species,
    strategy: Strategy,
) -> OptionRun {
    let p = &sp.params;
    let mut run = OptionRun {
        species: sp.id.clone(),
        name: sp.name.clone(),
        kind: sp.kind,
        strategy,
        survival_ece_ds_m: p.survival_ece_ds_m,
        target_ece_ds_m: target_ece_ds_m(p),
        leaching_fraction: 0.0,
        years: Vec::new(),
        ece_series: Vec::new(),
        final_root_zone_ece_ds_m: f64::NAN,
        failure: None,
    };
    let deep_cm = p.roots.max_cm.min(site.column.depth_cm);
    let spec = candidate_column(&site.column, start, sp);
    let mut column = match Column::new(&spec) {
        Ok(c) => c,
        Err(e) => {
            run.failure = Some(format!("the column could not be built: {e}"));
            return run;
        }
    };
    run.final_root_zone_ece_ds_m = column.root_zone_ece_ds_m(deep_cm);
    run.leaching_fraction = match leaching_fraction(strategy, &site.water, p) {
        Ok(lr) => lr,
        Err(e) => {
            run.failure = Some(format!("no leaching fraction: {e}"));
            return run;
        }
    };
    let season_d = site.water.season_length_d() as usize;
    let volume_cm = site.water.volume_cm();
    let rate_cm_d = application_rate_cm_d(&site.column);
    for (k, days) in weather.iter().enumerate() {
        match simulate_year(
            &mut column,
            rate_cm_d,
            days,
            k,
            p,
            strategy,
            run.leaching_fraction,
            &site.water,
            season_d,
            volume_cm,
            deep_cm,
            &mut run.ece_series,
        ) {
            Ok(year) => {
                let survived = year.survived;
                let (ece, limit) = (year.season_ece_ds_m, p.survival_ece_ds_m);
                run.years.push(year);
                run.final_root_zone_ece_ds_m = column.root_zone_ece_ds_m(deep_cm);
                if !survived {
                    run.failure = Some(format!(
                        "died in year {}: root-zone ECe averaged {ece:.1} dS/m over the season, \
                         at or above its survival limit of {limit:.1} dS/m",
                        k + 1
                    ));
                    break;
                }
            }
            Err(e) => {
                run.failure = Some(format!("simulation failed in year {}: {e}", k + 1));
                break;
            }
        }
    }
    run
}

#[allow(clippy::too_many_arguments)]
fn simulate_year(
    column: &mut Column,
    rate_cm_d: f64,
    days: &[PlanDay],
    k: usize,
    p: &aralkum_core::crop::SpeciesParams,
    strategy: Strategy,
    lr: f64,
    water: &WaterSupply,
    season_d: usize,
    volume_cm: f64,
    deep_cm: f64,
    series: &mut Vec<(f64, f64)>,
) -> Result<YearResult, String> {
    let mut y = YearResult {
        year: k + 1,
        survived: true,
        ..YearResult::default()
    };
    let mut totals = SeasonTotals::default();
    let (mut ece_sum, mut ece_n, mut cover_sum) = (0.0, 0usize, 0.0);
    let mut net_demand_cm = 0.0;
    let mut left_cm = volume_cm;
    // Water of an application not yet taken in (spread over days at `rate_cm_d`).
    let mut pending_cm = 0.0;
    let mut sum = Fluxes::default();
    for (d, day) in days.iter().enumerate().take(YEAR_D) {
        let pot = daily_potential(p, day.et0_cm, d as f64, k as f64, KC_MAX_STANDARD);
        let in_water_season = d < season_d;
        if pot.in_season && in_water_season && strategy != Strategy::None {
            net_demand_cm += pot.split.evap_pot_cm_d + pot.split.transp_pot_cm_d - day.precip_cm;
            if d % IRRIGATION_INTERVAL_D as usize == IRRIGATION_INTERVAL_D as usize - 1 {
                let applied = application_cm(strategy, net_demand_cm, lr).min(left_cm);
                left_cm -= applied;
                pending_cm += applied;
                net_demand_cm = 0.0;
            }
        }
        let irrigation_cm = pending_cm.min(rate_cm_d);
        pending_cm -= irrigation_cm;
        let root_cm = if pot.in_season {
            pot.root_depth_cm
        } else {
            0.0
        };
        let forcing = Forcing {
            precip_cm_d: day.precip_cm,
            irrigation_cm_d: irrigation_cm,
            irrigation_salt_g_l: water.salt_g_l,
            precip_salt_g_l: 0.0,
            pot_evap_cm_d: pot.split.evap_pot_cm_d,
            pot_transp_cm_d: if pot.in_season {
                pot.split.transp_pot_cm_d
            } else {
                0.0
            },
            root_depth_cm: root_cm,
        };
        let f = column.advance(1.0, &forcing).map_err(|e| e.to_string())?;
        sum.accumulate(&f);
        if pot.in_season {
            totals.transp_cm += f.transpiration_cm;
            totals.transp_pot_cm += f.transpiration_pot_cm;
            if day.et0_cm > 0.0 {
                totals.sum_tr_over_et0 += f.transpiration_cm / day.et0_cm;
            }
            let ece = column.root_zone_ece_ds_m(pot.root_depth_cm.max(MIN_ROOT_ZONE_CM));
            if !ece.is_finite() {
                return Err(format!("root-zone ECe is not finite on day {}", d + 1));
            }
            ece_sum += ece;
            ece_n += 1;
            y.max_ece_ds_m = y.max_ece_ds_m.max(ece);
        }
        cover_sum += pot.cover_frac;
        if d % super::simulate::SERIES_EVERY_D == 0 {
            series.push((
                (k * YEAR_D + d + 1) as f64,
                column.root_zone_ece_ds_m(deep_cm),
            ));
        }
    }
    totals.root_zone_ece_ds_m = if ece_n > 0 {
        ece_sum / ece_n as f64
    } else {
        column.root_zone_ece_ds_m(deep_cm)
    };
    let outcome = season_outcome(p, &totals, &Grazing::default());
    y.irrigation_cm = sum.irrigation_cm;
    y.precip_cm = sum.precip_cm;
    y.transp_cm = totals.transp_cm;
    y.transp_pot_cm = totals.transp_pot_cm;
    y.evaporation_cm = sum.evaporation_cm;
    y.drainage_cm = sum.drainage_cm;
    y.capillary_rise_cm = sum.capillary_rise_cm;
    y.season_ece_ds_m = totals.root_zone_ece_ds_m;
    y.survived = outcome.survived;
    let alive = if outcome.survived { 1.0 } else { 0.0 };
    y.relative_yield = outcome.relative_yield * alive;
    y.biomass_t_ha = outcome.biomass_t_ha * alive;
    y.yield_t_ha = outcome.yield_t_ha * alive;
    y.forage_t_ha = outcome.forage_t_ha * alive;
    y.carrying_capacity_au_ha = outcome.carrying_capacity_au_ha * alive;
    // The canopy shrinks with water and salt stress: the potential cover is scaled by the
    // season's Ta/Tp (AquaCrop's canopy senescence under stress, simplified to one factor).
    let vigour = if totals.transp_pot_cm > 0.0 {
        (totals.transp_cm / totals.transp_pot_cm).clamp(0.0, 1.0)
    } else {
        1.0
    };
    y.mean_cover_frac = alive * vigour * cover_sum / days.len().clamp(1, YEAR_D) as f64;
    Ok(y)
}
