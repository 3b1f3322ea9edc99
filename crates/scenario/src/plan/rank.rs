//! Step (c) of a plan: scoring each option by the objective and ranking the viable ones.
//!
//! An option is viable when its plant survived every season (seasonal mean root-zone ECe below
//! the species' survival limit), its simulation ran to the end of the horizon, and its water
//! stayed within the site's yearly volume. Viable options are ranked by score, highest first;
//! ties go to the option using less water. Scores per objective:
//! - `forage`: usable forage dry matter, t/ha per year;
//! - `cover`: mean canopy cover over the horizon, per cent of the ground;
//! - `yield`: mean FAO-33 relative yield, per cent of the species' potential (t/ha of different
//!   products do not compare; relative yield says how well the site suits each crop);
//! - `least_water`: minus the irrigation per year (mm), ties broken by biomass;
//! - `lowest_ece`: minus the final root-zone ECe (dS/m).

use super::simulate::OptionRun;
use super::site::{Objective, Site};
use std::cmp::Ordering;

/// An option with its verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedOption {
    /// The simulation.
    pub run: OptionRun,
    /// Viable (see the module notes).
    pub viable: bool,
    /// 1 for the best viable option; `None` when not viable.
    pub rank: Option<usize>,
    /// Score by the objective (unit in the module notes).
    pub score: f64,
    /// Why it ranks where it does, in a sentence.
    pub reason: String,
}

/// Score of `run` for `objective` over `horizon` years.
pub fn score(run: &OptionRun, objective: Objective, horizon: usize) -> f64 {
    match objective {
        Objective::Forage => run.forage_t_ha(horizon),
        Objective::Cover => 100.0 * run.cover_frac(horizon),
        Objective::Yield => 100.0 * run.relative_yield(horizon),
        Objective::LeastWater => -run.water_used_mm(horizon),
        Objective::LowestEce => -run.final_root_zone_ece_ds_m,
    }
}

fn describe_score(objective: Objective, score: f64) -> String {
    match objective {
        Objective::Forage => format!("{score:.2} t/ha of forage a year"),
        Objective::Cover => format!("{score:.0} % mean cover"),
        Objective::Yield => format!("{score:.0} % of its potential yield"),
        Objective::LeastWater => format!("{:.0} mm of irrigation a year", -score),
        Objective::LowestEce => format!("final root-zone ECe {:.1} dS/m", -score),
    }
}

/// Scores, judges and ranks every run; the result is sorted best first, non-viable last.
pub fn rank(site: &Site, runs: Vec<OptionRun>) -> Vec<RankedOption> {
    let horizon = site.years as usize;
    let volume_mm = site.water.volume_m3_ha * 0.1;
    let mut out: Vec<RankedOption> = runs
        .into_iter()
        .map(|run| {
            let s = score(&run, site.objective, horizon);
            let over_volume = run
                .years
                .iter()
                .any(|y| 10.0 * y.irrigation_cm > volume_mm + 1e-6);
            let complete = run.years.len() == horizon && run.failure.is_none();
            let viable = complete && !over_volume && s.is_finite();
            let reason = if let Some(f) = &run.failure {
                format!("not viable: {f}")
            } else if over_volume {
                format!("not viable: needs more than the {volume_mm:.0} mm a year available")
            } else {
                let peak = run
                    .years
                    .iter()
                    .map(|y| y.season_ece_ds_m)
                    .fold(0.0, f64::max);
                let used_mm = run.water_used_mm(horizon);
                // When the allowance binds, the strategies differ only in how the same water is
                // spread over the season (full runs out first); say so, or a deficit strategy
                // scoring above full would read as an error.
                let binding = volume_mm > 0.0 && used_mm >= 0.995 * volume_mm;
                format!(
                    "{}; seasonal root-zone ECe up to {peak:.1} dS/m (survival limit {:.1}), \
                     {used_mm:.0} mm of irrigation a year{}",
                    describe_score(site.objective, s),
                    run.survival_ece_ds_m,
                    if binding {
                        " (all the water available: the allowance, not the strategy, set the amount)"
                    } else {
                        ""
                    }
                )
            };
            RankedOption {
                run,
                viable,
                rank: None,
                score: s,
                reason,
            }
        })
        .collect();
    out.sort_by(|a, b| compare(a, b, site.objective, horizon));
    for (next, o) in (1..).zip(out.iter_mut().filter(|o| o.viable)) {
        o.rank = Some(next);
    }
    out
}

fn compare(a: &RankedOption, b: &RankedOption, objective: Objective, horizon: usize) -> Ordering {
    b.viable
        .cmp(&a.viable)
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| match objective {
            Objective::LeastWater => b
                .run
                .biomass_t_ha(horizon)
                .total_cmp(&a.run.biomass_t_ha(horizon)),
            _ => a
                .run
                .water_used_mm(horizon)
                .total_cmp(&b.run.water_used_mm(horizon)),
        })
        .then_with(|| a.run.species.cmp(&b.run.species))
        .then_with(|| a.run.strategy.cmp(&b.run.strategy))
}
