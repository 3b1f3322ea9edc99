//! Running a scenario: steps the column through the run in output intervals, books every
//! interval's fluxes and the cumulative ones, closes the water and salt balances, records rows,
//! profiles and the salinity map, and times the solver.
//!
//! The core has no clock; the runner reads one (`std::time::Instant`) around the solver calls
//! only, so `wall_time_s` is solver time, not reading or writing. A run that cannot go on
//! returns a [`RunError`] saying when, where and why; a non-finite number anywhere in the
//! results is also an error, so nothing garbage is ever written. A panic inside the solver (a
//! bug) is caught and returned as [`RunError::Internal`] rather than aborting the caller.

use crate::output::tables::{salt_fluxes, water_fluxes};
use crate::scenario::Scenario;
use aralkum_core::column::{Column, Fluxes, Profile, SolverFailure, SolverStats};
use aralkum_core::crop::yield_response::sum_tr_over_et0;
use aralkum_core::crop::{season_outcome, Grazing, SeasonTotals};
use aralkum_core::date::Date;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// Largest number of times kept for the salinity map of the report.
pub const MAP_TIMES: usize = 400;

/// One row of `daily.csv`: the amounts over the interval that ends at `time_d` and the state at
/// `time_d`.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyRow {
    /// End of the interval (d).
    pub time_d: f64,
    /// Calendar day in which the interval ends (day 0 is the start date).
    pub date: Date,
    /// Amounts over the interval.
    pub fluxes: Fluxes,
    /// Amounts since the start.
    pub cumulative: Fluxes,
    /// Water in the column and ponded on it (cm).
    pub storage_cm: f64,
    /// Salt in the column (mg/cm2).
    pub salt_storage_mg_cm2: f64,
    /// Water-weighted mean soil-solution concentration of the root zone (g/L).
    pub root_zone_salt_g_l: f64,
    /// Mean ECe of the root zone (dS/m).
    pub root_zone_ece_ds_m: f64,
}

/// A profile at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileAt {
    /// Time (d).
    pub time_d: f64,
    /// The nodal state.
    pub profile: Profile,
}

/// ECe over depth and time, for the report's heat map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SalinityMap {
    /// Node depths (cm).
    pub depth_cm: Vec<f64>,
    /// Times (d).
    pub time_d: Vec<f64>,
    /// `ece_ds_m[k][i]`: ECe at time k and node i (dS/m).
    pub ece_ds_m: Vec<Vec<f64>>,
}

/// Water and salt budgets of the whole run.
///
/// The error is storage change minus (inflow - outflow); the percentage is relative to the
/// larger of total inflow and total outflow (0 when nothing flowed).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Balance {
    /// Water stored at the start (cm).
    pub water_initial_cm: f64,
    /// Water stored at the end (cm).
    pub water_final_cm: f64,
    /// Infiltration + capillary rise (cm).
    pub water_in_cm: f64,
    /// Evaporation + transpiration + drainage (cm).
    pub water_out_cm: f64,
    /// Error (cm).
    pub water_error_cm: f64,
    /// Error (%).
    pub water_error_pct: f64,
    /// Salt stored at the start (mg/cm2).
    pub salt_initial_mg_cm2: f64,
    /// Salt stored at the end (mg/cm2).
    pub salt_final_mg_cm2: f64,
    /// Salt entering through the surface and the bottom (mg/cm2).
    pub salt_in_mg_cm2: f64,
    /// Salt leaving through the bottom and with runoff (mg/cm2).
    pub salt_out_mg_cm2: f64,
    /// Error (mg/cm2).
    pub salt_error_mg_cm2: f64,
    /// Error (%).
    pub salt_error_pct: f64,
}

/// Everything a run produced.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// Scenario name.
    pub name: String,
    /// Calendar date of day 0.
    pub start: Date,
    /// Length of the run (d).
    pub duration_d: f64,
    /// Depth of the root zone (cm).
    pub root_zone_depth_cm: f64,
    /// True when the scenario has a plant.
    pub has_plant: bool,
    /// Rows of `daily.csv`.
    pub daily: Vec<DailyRow>,
    /// Profiles at day 0 and each profile time.
    pub profiles: Vec<ProfileAt>,
    /// ECe over depth and time.
    pub map: SalinityMap,
    /// Totals of the run.
    pub totals: Fluxes,
    /// Budgets.
    pub balance: Balance,
    /// Root-zone ECe at the end (dS/m).
    pub final_root_zone_ece_ds_m: f64,
    /// Relative yield when a plant grows: FAO-33 with the species' Ky on seasonal actual over
    /// potential transpiration, or their plain ratio (Ky = 1) for a plant not from the table.
    pub relative_yield: Option<f64>,
    /// Biomass, harvested yield and forage (t/ha) of a species from the table when the forcing
    /// came from weather (Steduto et al. 2009 needs the daily ET0): `(biomass, yield, forage)`.
    pub production_t_ha: Option<(f64, f64, f64)>,
    /// Solver work.
    pub stats: SolverStats,
    /// Time spent in the solver (s).
    pub wall_time_s: f64,
}

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum RunError {
    /// The column could not be built (the validator should have caught this).
    Spec(String),
    /// The solver could not go on.
    Solver(SolverFailure),
    /// The solver broke down (a panic inside the core, caught so that the caller still gets an
    /// error value and nothing is written).
    Internal {
        /// Start of the forcing piece being solved (d).
        time_d: f64,
        /// Its end (d).
        end_d: f64,
        /// The panic's message.
        message: String,
    },
    /// A result is not a finite number.
    NonFinite {
        /// Which quantity.
        what: String,
        /// When (d).
        time_d: f64,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Spec(m) => write!(f, "the column could not be built: {m}"),
            RunError::Solver(s) => write!(f, "the solver failed {s}"),
            RunError::Internal {
                time_d,
                end_d,
                message,
            } => write!(
                f,
                "the solver broke down between {time_d:.6} d and {end_d:.6} d ({message}); \
                 nothing was written"
            ),
            RunError::NonFinite { what, time_d } => write!(
                f,
                "at time {time_d:.6} d: {what} is not a finite number; nothing was written"
            ),
        }
    }
}

impl std::error::Error for RunError {}

/// Output and profile times: multiples of the interval up to the duration (which always ends
/// the list), merged with the profile times. Returns (time, is_row, is_profile).
fn stops(s: &Scenario) -> Vec<(f64, bool, bool)> {
    let eps = 1e-9 * s.duration_d.max(1.0);
    let mut out: Vec<(f64, bool, bool)> = Vec::new();
    let mut k = 1u64;
    loop {
        let t = k as f64 * s.output_interval_d;
        if t >= s.duration_d - eps {
            break;
        }
        out.push((t, true, false));
        k += 1;
    }
    out.push((s.duration_d, true, false));
    for &p in &s.profile_times_d {
        match out.iter_mut().find(|x| (x.0 - p).abs() <= eps) {
            Some(x) => x.2 = true,
            None => out.push((p, false, true)),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn finite(what: &str, v: f64, time_d: f64) -> Result<f64, RunError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(RunError::NonFinite {
            what: what.to_string(),
            time_d,
        })
    }
}

fn check_fluxes(f: &Fluxes, time_d: f64) -> Result<(), RunError> {
    for (name, v) in water_fluxes(f).into_iter().chain(salt_fluxes(f)) {
        finite(name, v, time_d)?;
    }
    Ok(())
}

fn check_profile(p: &Profile, time_d: f64) -> Result<(), RunError> {
    let columns: [(&str, &Vec<f64>); 4] = [
        ("head_cm", &p.head_cm),
        ("theta", &p.theta),
        ("salt_g_l", &p.salt_g_l),
        ("ece_ds_m", &p.ece_ds_m),
    ];
    for (name, values) in columns {
        for (i, &v) in values.iter().enumerate() {
            if !v.is_finite() {
                return Err(RunError::NonFinite {
                    what: format!("{name} at depth {:.2} cm", p.depth_cm[i]),
                    time_d,
                });
            }
        }
    }
    Ok(())
}

fn pct(error: f64, a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale > 0.0 {
        100.0 * error / scale
    } else {
        0.0
    }
}

/// Runs a validated scenario. `progress` receives the fraction of the run done (0 to 1) after
/// each output interval.
pub fn run(scenario: &Scenario, progress: &mut dyn FnMut(f64)) -> Result<RunResult, RunError> {
    let mut column = Column::with_accuracy(&scenario.column, scenario.accuracy)
        .map_err(|e| RunError::Spec(e.to_string()))?;
    let rz = scenario.root_zone_depth_cm;
    let p0 = column.profile();
    check_profile(&p0, 0.0)?;
    let water0 = finite("storage_cm", column.water_storage_cm(), 0.0)?;
    let salt0 = finite("salt_storage_mg_cm2", column.salt_storage_mg_cm2(), 0.0)?;
    let mut map = SalinityMap {
        depth_cm: p0.depth_cm.clone(),
        time_d: vec![0.0],
        ece_ds_m: vec![p0.ece_ds_m.clone()],
    };
    let mut profiles = vec![ProfileAt {
        time_d: 0.0,
        profile: p0,
    }];
    let map_step = scenario.duration_d / MAP_TIMES as f64;
    let mut daily = Vec::new();
    let mut cumulative = Fluxes::default();
    let mut interval = Fluxes::default();
    let mut wall = 0.0;
    let mut t = 0.0;
    // Transpiration of each day (for Steduto et al. 2009's sum of Tr / ET0) and the time
    // integral of root-zone ECe.
    let mut tr_by_day = vec![0.0; scenario.forcing.et0_cm.len()];
    let mut ece_time = 0.0;
    for (stop, is_row, is_profile) in stops(scenario) {
        for (dt, forcing) in scenario.forcing.pieces(t, stop) {
            let clock = Instant::now();
            let t_piece = column.time_d();
            let outcome = catch_unwind(AssertUnwindSafe(|| column.advance(dt, &forcing)));
            wall += clock.elapsed().as_secs_f64();
            let f = match outcome {
                Ok(r) => r.map_err(RunError::Solver)?,
                Err(payload) => {
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    return Err(RunError::Internal {
                        time_d: t_piece,
                        end_d: t_piece + dt,
                        message,
                    });
                }
            };
            interval.accumulate(&f);
            if let Some(tr) = tr_by_day.get_mut((t_piece + 1e-9).floor().max(0.0) as usize) {
                *tr += f.transpiration_cm;
            }
        }
        t = stop;
        check_fluxes(&interval, t)?;
        if is_profile {
            let p = column.profile();
            check_profile(&p, t)?;
            profiles.push(ProfileAt {
                time_d: t,
                profile: p,
            });
        }
        if is_row {
            cumulative.accumulate(&interval);
            let row = DailyRow {
                time_d: t,
                date: scenario
                    .start
                    .add_days((t - 1e-9).ceil().max(1.0) as i64 - 1),
                fluxes: interval,
                cumulative,
                storage_cm: finite("storage_cm", column.water_storage_cm(), t)?,
                salt_storage_mg_cm2: finite(
                    "salt_storage_mg_cm2",
                    column.salt_storage_mg_cm2(),
                    t,
                )?,
                root_zone_salt_g_l: finite("root_zone_salt_g_l", column.root_zone_salt_g_l(rz), t)?,
                root_zone_ece_ds_m: finite("root_zone_ece_ds_m", column.root_zone_ece_ds_m(rz), t)?,
            };
            let t_before = daily.last().map_or(0.0, |r: &DailyRow| r.time_d);
            ece_time += row.root_zone_ece_ds_m * (t - t_before);
            daily.push(row);
            interval = Fluxes::default();
            let last_map = map.time_d.last().copied().unwrap_or(0.0);
            let at_end = (t - scenario.duration_d).abs() < 1e-9 * scenario.duration_d.max(1.0);
            if t - last_map >= map_step - 1e-12 || at_end {
                let p = column.profile();
                check_profile(&p, t)?;
                map.time_d.push(t);
                map.ece_ds_m.push(p.ece_ds_m);
            }
        }
        progress((t / scenario.duration_d).min(1.0));
    }
    let end = scenario.duration_d;
    let water1 = column.water_storage_cm();
    let salt1 = column.salt_storage_mg_cm2();
    let c = &cumulative;
    let water_in = c.infiltration_cm + c.capillary_rise_cm;
    let water_out = c.evaporation_cm + c.transpiration_cm + c.drainage_cm;
    let water_error = (water1 - water0) - (water_in - water_out);
    let salt_in = c.salt_in_top_mg_cm2 + c.salt_in_bottom_mg_cm2;
    let salt_out = c.salt_out_bottom_mg_cm2 + c.salt_out_top_mg_cm2;
    let salt_error = (salt1 - salt0) - (salt_in - salt_out);
    let balance = Balance {
        water_initial_cm: water0,
        water_final_cm: water1,
        water_in_cm: water_in,
        water_out_cm: water_out,
        water_error_cm: finite("water_balance_error_cm", water_error, end)?,
        water_error_pct: finite(
            "water_balance_error_pct",
            pct(water_error, water_in, water_out),
            end,
        )?,
        salt_initial_mg_cm2: salt0,
        salt_final_mg_cm2: salt1,
        salt_in_mg_cm2: salt_in,
        salt_out_mg_cm2: salt_out,
        salt_error_mg_cm2: finite("salt_balance_error_mg_cm2", salt_error, end)?,
        salt_error_pct: finite(
            "salt_balance_error_pct",
            pct(salt_error, salt_in, salt_out),
            end,
        )?,
    };
    let species = scenario.plant.as_ref().and_then(|p| p.params);
    let outcome = species.map(|p| {
        let totals = SeasonTotals {
            transp_cm: c.transpiration_cm,
            transp_pot_cm: c.transpiration_pot_cm,
            sum_tr_over_et0: sum_tr_over_et0(&tr_by_day, &scenario.forcing.et0_cm),
            root_zone_ece_ds_m: ece_time / end,
        };
        season_outcome(&p, &totals, &Grazing::default())
    });
    let relative_yield = match (&scenario.plant, &outcome) {
        (None, _) => None,
        (Some(_), Some(o)) => Some(o.relative_yield),
        (Some(_), None) if c.transpiration_pot_cm > 0.0 => {
            Some(c.transpiration_cm / c.transpiration_pot_cm)
        }
        (Some(_), None) => Some(1.0),
    };
    let production_t_ha = outcome
        .filter(|_| !scenario.forcing.et0_cm.is_empty())
        .map(|o| (o.biomass_t_ha, o.yield_t_ha, o.forage_t_ha));
    Ok(RunResult {
        name: scenario.name.clone(),
        start: scenario.start,
        duration_d: scenario.duration_d,
        root_zone_depth_cm: rz,
        has_plant: scenario.plant.is_some(),
        final_root_zone_ece_ds_m: finite(
            "final_root_zone_ece_ds_m",
            column.root_zone_ece_ds_m(rz),
            end,
        )?,
        daily,
        profiles,
        map,
        totals: cumulative,
        balance,
        relative_yield,
        production_t_ha,
        stats: column.stats(),
        wall_time_s: wall,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_scenario;

    const TOML: &str = r#"
[simulation]
start = "2027-01-01"
duration_d = 1.0
output_interval_d = 0.3
profile_times_d = [0.3, 0.45, 1.0]

[grid]
depth_cm = 10
nodes = 11

[[soil.layers]]
bottom_cm = 10
model = "gardner"
theta_r = 0.05
theta_s = 0.4
alpha_per_cm = 0.05
ks_cm_d = 10

[initial]
head_cm = -50
salt_g_l = 1

[top]
kind = "flux"
flux_cm_d = 0.5

[bottom]
kind = "free_drainage"
"#;

    #[test]
    fn stops_merge_rows_and_fractional_profile_times() {
        let s = parse_scenario(TOML, "t.toml", std::path::Path::new(".")).unwrap();
        let st = stops(&s);
        let times: Vec<f64> = st.iter().map(|x| x.0).collect();
        // Rows at 0.3, 0.6, 0.9 and the end (1.0); a profile-only stop at 0.45.
        assert_eq!(times.len(), 5);
        for (got, want) in times.iter().zip([0.3, 0.45, 0.6, 0.9, 1.0]) {
            assert!((got - want).abs() < 1e-12, "{times:?}");
        }
        assert_eq!(st.iter().filter(|x| x.1).count(), 4);
        assert_eq!(st.iter().filter(|x| x.2).count(), 3);
        assert!(!st[1].1 && st[1].2);
    }

    #[test]
    fn a_run_books_rows_profiles_and_closes_its_balances() {
        let s = parse_scenario(TOML, "t.toml", std::path::Path::new(".")).unwrap();
        let mut seen = Vec::new();
        let r = run(&s, &mut |f| seen.push(f)).unwrap();
        assert_eq!(r.daily.len(), 4);
        assert_eq!(r.profiles.len(), 4);
        assert_eq!(seen.last().copied(), Some(1.0));
        // 0.5 cm/d for one day in through the top, at 0 g/L (flux top without salt_g_l).
        assert!((r.totals.infiltration_cm - 0.5).abs() < 1e-9);
        assert!(r.balance.water_error_pct.abs() < 0.1);
        assert!(r.balance.salt_error_pct.abs() < 0.5);
        // The last row's cumulative values are the totals.
        assert_eq!(r.daily[3].cumulative, r.totals);
        assert!(r.relative_yield.is_none());
    }
}
