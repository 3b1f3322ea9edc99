//! `aralkum plan`: which species, with how much water, for a site (issue 4, item 4).
//!
//! A plan (a) computes and simulates the reclamation leaching before planting ([`leach`]),
//! (b) simulates every candidate species under every irrigation strategy over the horizon
//! ([`simulate`], [`strategies`]), in parallel over the cores (rayon), (c) ranks the options by
//! the site's objective among the viable ones ([`rank`]) and (d) writes `plan.json`, `plan.csv`
//! and `report.html` ([`report`]). The site file is read by [`site`]; the weather of each year
//! comes from [`years`].

pub mod leach;
pub mod rank;
pub mod report;
pub mod simulate;
pub mod site;
pub mod strategies;
pub mod years;

pub use leach::Reclamation;
pub use rank::RankedOption;
pub use report::{write_plan, PlanFiles};
pub use site::{load_site, parse_site, Objective, Site};
pub use strategies::Strategy;

use rayon::prelude::*;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// A finished plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Site name.
    pub site: String,
    /// The site file.
    pub file: String,
    /// Objective of the ranking.
    pub objective: Objective,
    /// Horizon (years).
    pub years: usize,
    /// Yearly water volume (m3/ha) and its salt (g/L).
    pub water_volume_m3_ha: f64,
    /// Salt of the water (g/L).
    pub water_salt_g_l: f64,
    /// Groundwater depth (cm) and salt (g/L).
    pub groundwater_depth_cm: f64,
    /// Groundwater salt (g/L).
    pub groundwater_salt_g_l: f64,
    /// Step (a).
    pub reclamation: Reclamation,
    /// Steps (b) and (c): every option, best first.
    pub options: Vec<RankedOption>,
    /// Wall time of the whole plan (s).
    pub wall_time_s: f64,
}

/// Why a plan could not be made.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// The reclamation leaching could not be simulated.
    Reclamation(String),
    /// Every candidate's simulation failed; the first failure.
    AllFailed(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Reclamation(m) => write!(f, "{m}"),
            PlanError::AllFailed(m) => write!(f, "every candidate's simulation failed, e.g. {m}"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Makes the plan for `site`. `progress(done, total)` is called after each option finishes
/// (from worker threads).
pub fn make_plan(site: &Site, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Plan, PlanError> {
    let clock = Instant::now();
    let weather = years::plan_years(site, 0, site.years as usize + 1);
    let reclamation =
        leach::reclaim(site, &site.species, &weather[0]).map_err(PlanError::Reclamation)?;
    let jobs: Vec<(&crate::species::Species, Strategy)> = site
        .species
        .iter()
        .flat_map(|s| Strategy::ALL.into_iter().map(move |st| (s, st)))
        .collect();
    let total = jobs.len();
    let done = AtomicUsize::new(0);
    progress(0, total);
    let runs: Vec<simulate::OptionRun> = jobs
        .par_iter()
        .map(|&(sp, st)| {
            let r = simulate::simulate_option(site, &reclamation.profile, &weather[1..], sp, st);
            progress(done.fetch_add(1, Ordering::SeqCst) + 1, total);
            r
        })
        .collect();
    if !runs.is_empty()
        && runs.iter().all(|r| {
            r.failure
                .as_deref()
                .is_some_and(|f| f.starts_with("simulation failed"))
        })
    {
        return Err(PlanError::AllFailed(
            runs[0].failure.clone().unwrap_or_default(),
        ));
    }
    let options = rank::rank(site, runs);
    Ok(Plan {
        site: site.name.clone(),
        file: site.file.clone(),
        objective: site.objective,
        years: site.years as usize,
        water_volume_m3_ha: site.water.volume_m3_ha,
        water_salt_g_l: site.water.salt_g_l,
        groundwater_depth_cm: site.groundwater_depth_cm,
        groundwater_salt_g_l: site.groundwater_salt_g_l,
        reclamation,
        options,
        wall_time_s: clock.elapsed().as_secs_f64(),
    })
}
