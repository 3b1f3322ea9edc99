//! Step (d) of a plan: `plan.json` (INTERFACES section 4), `plan.csv` (one row per option) and
//! `report.html` (self-contained: inline CSS and hand-written SVG, no script, nothing fetched)
//! with the root-zone ECe over time per option, water used against the outcome, and the ranking
//! table with reasons.
//!
//! Units of the option fields: `water_used_mm` is the mean irrigation per year of the horizon
//! (mm/yr; 1 mm = 10 m3/ha), `biomass_t_ha` and `forage_t_ha` are mean dry matter per year
//! (t/ha/yr), `final_root_zone_ece_ds_m` is over the species' deepest roots at the end of the
//! horizon, `score` is in the unit of the objective (see [`super::rank`]).

use super::rank::RankedOption;
use super::Plan;
use crate::output::svg::{
    escape, line_chart_with, scatter_chart, ChartOptions, Point, Series, PALETTE,
};
use crate::output::OutputError;
use serde_json::{json, Value};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The files a plan wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFiles {
    /// `plan.json`.
    pub json: PathBuf,
    /// `plan.csv`.
    pub csv: PathBuf,
    /// `report.html`.
    pub report: PathBuf,
}

/// Unit of the score of the plan's objective.
fn score_unit(plan: &Plan) -> &'static str {
    use super::site::Objective::*;
    match plan.objective {
        Forage => "t/ha/yr of forage",
        Cover => "% mean cover",
        Yield => "% relative yield",
        LeastWater => "minus mm/yr of irrigation",
        LowestEce => "minus dS/m of final root-zone ECe",
    }
}

fn finite_or_null(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

fn option_json(o: &RankedOption, years: usize) -> Value {
    let r = &o.run;
    json!({
        "species": r.species,
        "species_name": r.name,
        "kind": r.kind.as_str(),
        "strategy": r.strategy.as_str(),
        "viable": o.viable,
        "rank": o.rank,
        "score": finite_or_null(o.score),
        "final_root_zone_ece_ds_m": finite_or_null(r.final_root_zone_ece_ds_m),
        "water_used_mm": r.water_used_mm(years),
        "biomass_t_ha": r.biomass_t_ha(years),
        "forage_t_ha": r.forage_t_ha(years),
        "yield_t_ha": r.yield_t_ha(years),
        "relative_yield": r.relative_yield(years),
        "cover_frac": r.cover_frac(years),
        "carrying_capacity_au_ha": r.carrying_capacity_au_ha(years),
        "survival_ece_ds_m": r.survival_ece_ds_m,
        "target_ece_ds_m": finite_or_null(r.target_ece_ds_m),
        "leaching_fraction": r.leaching_fraction,
        "reason": o.reason,
        "years": r.years.iter().map(|y| json!({
            "year": y.year,
            "irrigation_mm": 10.0 * y.irrigation_cm,
            "precip_mm": 10.0 * y.precip_cm,
            "transpiration_mm": 10.0 * y.transp_cm,
            "transpiration_pot_mm": 10.0 * y.transp_pot_cm,
            "evaporation_mm": 10.0 * y.evaporation_cm,
            "drainage_mm": 10.0 * y.drainage_cm,
            "capillary_rise_mm": 10.0 * y.capillary_rise_cm,
            "season_root_zone_ece_ds_m": y.season_ece_ds_m,
            "max_root_zone_ece_ds_m": y.max_ece_ds_m,
            "relative_yield": y.relative_yield,
            "biomass_t_ha": y.biomass_t_ha,
            "yield_t_ha": y.yield_t_ha,
            "forage_t_ha": y.forage_t_ha,
            "carrying_capacity_au_ha": y.carrying_capacity_au_ha,
            "cover_frac": y.mean_cover_frac,
            "survived": y.survived,
        })).collect::<Vec<_>>(),
    })
}

/// The content of `plan.json`.
pub fn plan_json(plan: &Plan) -> Value {
    let rec = &plan.reclamation;
    json!({
        "site": plan.site,
        "site_file": plan.file,
        "objective": plan.objective.as_str(),
        "score_unit": score_unit(plan),
        "years": plan.years,
        "water_volume_m3_ha": plan.water_volume_m3_ha,
        "water_salt_g_l": plan.water_salt_g_l,
        "groundwater_depth_cm": plan.groundwater_depth_cm,
        "groundwater_salt_g_l": plan.groundwater_salt_g_l,
        "units": {
            "water_used_mm": "mean irrigation per year of the horizon, mm/yr",
            "biomass_t_ha": "mean above-ground dry matter per year, t/ha/yr",
            "forage_t_ha": "mean usable forage dry matter per year, t/ha/yr",
            "final_root_zone_ece_ds_m": "ECe over the species' deepest roots at the end, dS/m",
        },
        "reclamation": {
            "initial_ece_ds_m": rec.initial_ece_ds_m,
            "target_species": rec.target_species,
            "target_ece_ds_m": finite_or_null(rec.target_ece_ds_m),
            "needed_intermittent_mm": 10.0 * rec.needed_intermittent_cm,
            "needed_ponded_mm": rec.needed_ponded_cm.map(|c| 10.0 * c),
            "applied_mm": 10.0 * rec.applied_cm,
            "applications": rec.applications,
            "water_salt_g_l": rec.water_salt_g_l,
            "lowest_ece_ds_m": rec.lowest_ece_ds_m,
            "final_ece_ds_m": rec.final_ece_ds_m,
            "reached_target": rec.reached_target(),
            "drainage_mm": 10.0 * rec.drainage_cm,
        },
        "options": plan.options.iter().map(|o| option_json(o, plan.years)).collect::<Vec<_>>(),
        "wall_time_s": plan.wall_time_s,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The content of `plan.csv`: one row per option, best first.
pub fn plan_csv(plan: &Plan) -> String {
    let mut out = String::from(
        "rank,species,kind,strategy,viable,score,final_root_zone_ece_ds_m,water_used_mm,\
         biomass_t_ha,forage_t_ha,yield_t_ha,relative_yield,cover_frac,reason\n",
    );
    let n = plan.years;
    for o in &plan.options {
        let r = &o.run;
        let _ = writeln!(
            out,
            "{},{},{},{},{},{:.4},{:.3},{:.1},{:.3},{:.3},{:.3},{:.3},{:.3},{}",
            o.rank.map_or(String::new(), |k| k.to_string()),
            r.species,
            r.kind.as_str(),
            r.strategy.as_str(),
            o.viable,
            o.score,
            r.final_root_zone_ece_ds_m,
            r.water_used_mm(n),
            r.biomass_t_ha(n),
            r.forage_t_ha(n),
            r.yield_t_ha(n),
            r.relative_yield(n),
            r.cover_frac(n),
            csv_field(&o.reason)
        );
    }
    out
}

/// The outcome plotted against water: the objective's own quantity, or biomass for the
/// objectives about water and salt.
fn outcome(plan: &Plan, o: &RankedOption) -> (f64, &'static str) {
    use super::site::Objective::*;
    let n = plan.years;
    match plan.objective {
        Forage => (o.run.forage_t_ha(n), "forage (t/ha/yr)"),
        Cover => (100.0 * o.run.cover_frac(n), "mean cover (%)"),
        Yield => (100.0 * o.run.relative_yield(n), "relative yield (%)"),
        LeastWater | LowestEce => (o.run.biomass_t_ha(n), "biomass (t/ha/yr)"),
    }
}

/// The content of `report.html`.
pub fn report_html(plan: &Plan) -> String {
    let n = plan.years;
    let mut h = String::new();
    let title = format!("aralkum plan: {}", plan.site);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}}\
         svg{{max-width:100%;height:auto}}\
         table{{border-collapse:collapse;font-size:13px}}td,th{{border:1px solid #ccc;padding:2px 6px;\
         text-align:right}}th{{text-align:left}}td.l{{text-align:left}}tr.no{{color:#888}}\
         figure{{margin:1.5em 0}}</style></head><body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let best = plan.options.iter().find(|o| o.viable);
    let _ = writeln!(
        h,
        "<p>Objective <b>{}</b> over {} years; water {:.0} m3/ha a year at {} g/L; groundwater at \
         {:.0} cm with {} g/L. {} options simulated ({} viable) in {:.1} s.</p>",
        plan.objective.as_str(),
        n,
        plan.water_volume_m3_ha,
        plan.water_salt_g_l,
        plan.groundwater_depth_cm,
        plan.groundwater_salt_g_l,
        plan.options.len(),
        plan.options.iter().filter(|o| o.viable).count(),
        plan.wall_time_s
    );
    match best {
        Some(b) => {
            let _ = writeln!(
                h,
                "<p><b>Recommended:</b> {} ({}) with strategy <i>{}</i> ({}): {}.</p>",
                escape(&b.run.name),
                escape(&b.run.species),
                b.run.strategy.as_str(),
                escape(&b.run.strategy.describe()),
                escape(&b.reason)
            );
        }
        None => h.push_str(
            "<p><b>No option is viable</b> on this site with this water: every candidate died or \
             could not be simulated (see the reasons below).</p>\n",
        ),
    }

    // (a) Reclamation.
    let r = &plan.reclamation;
    h.push_str("<h2>Reclamation leaching before planting</h2>\n");
    match &r.target_species {
        None => {
            let _ = writeln!(
                h,
                "<p>The topsoil (0-30 cm) starts at ECe {:.1} dS/m, at or below every candidate's \
                 target: no leaching is needed before planting.</p>",
                r.initial_ece_ds_m
            );
        }
        Some(sp) => {
            let ponded = r.needed_ponded_cm.map_or(String::new(), |p| {
                format!(" ({:.0} mm if ponded)", 10.0 * p)
            });
            let _ = writeln!(
                h,
                "<p>The topsoil (0-30 cm) starts at ECe {:.1} dS/m. To bring it to {:.1} dS/m \
                 (the target of {}, the most sensitive candidate) Hoffman's (1980) relation asks \
                 for {:.0} mm of water applied intermittently{}. The plan applies {:.0} mm of \
                 {} g/L water in {} applications at the end of the water season; simulated, the \
                 topsoil reached {:.1} dS/m ({}) and was at {:.1} dS/m at planting after the \
                 winter.</p>",
                r.initial_ece_ds_m,
                r.target_ece_ds_m,
                escape(sp),
                10.0 * r.needed_intermittent_cm,
                ponded,
                10.0 * r.applied_cm,
                r.water_salt_g_l,
                r.applications,
                r.lowest_ece_ds_m,
                if r.reached_target() {
                    "the target"
                } else {
                    "short of the target: not enough water"
                },
                r.final_ece_ds_m
            );
            if !r.ece_series.is_empty() {
                h.push_str("<figure>");
                let mut lines = vec![Series {
                    name: "ECe 0-30 cm".into(),
                    points: r.ece_series.clone(),
                }];
                // The target as a flat line over the same days.
                let (first, last) = (r.ece_series[0].0, r.ece_series[r.ece_series.len() - 1].0);
                if r.target_ece_ds_m.is_finite() {
                    lines.push(Series {
                        name: format!("target {:.1} dS/m", r.target_ece_ds_m),
                        points: vec![(first, r.target_ece_ds_m), (last, r.target_ece_ds_m)],
                    });
                }
                h.push_str(&line_chart_with(
                    "Topsoil ECe during the reclamation leaching",
                    "time relative to planting (d)",
                    "ECe 0-30 cm (dS/m)",
                    &lines,
                    &ChartOptions::default(),
                ));
                h.push_str("</figure>\n");
            }
        }
    }

    // (b) ECe over time: the best strategy of the best species (at most 8 lines).
    h.push_str("<h2>Root-zone salinity over the plan</h2>\n");
    let mut seen: Vec<&str> = Vec::new();
    let mut series = Vec::new();
    for o in &plan.options {
        if seen.contains(&o.run.species.as_str()) || series.len() >= PALETTE.len() {
            continue;
        }
        seen.push(&o.run.species);
        series.push(Series {
            name: format!("{}, {}", o.run.name, o.run.strategy.as_str()),
            points: o.run.ece_series.clone(),
        });
    }
    h.push_str("<figure>");
    let end_d = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .filter(|t| t.is_finite())
        .fold(0.0f64, f64::max);
    h.push_str(&line_chart_with(
        "Root-zone ECe, best strategy of each leading species",
        "time since planting (d)",
        "root-zone ECe (dS/m)",
        &series,
        &ChartOptions {
            x_range: Some((0.0, end_d)),
            ..ChartOptions::default()
        },
    ));
    h.push_str(
        "<figcaption>Mean ECe over each species' deepest roots; a line that stops is a \
                plant that died.</figcaption></figure>\n",
    );

    // Water against outcome.
    let label = best.map_or("outcome", |b| outcome(plan, b).1);
    let points: Vec<Point> = plan
        .options
        .iter()
        .map(|o| Point {
            x: o.run.water_used_mm(n),
            y: outcome(plan, o).0,
            label: o.rank.map_or(String::new(), |k| k.to_string()),
            tooltip: format!(
                "{} / {}{}",
                o.run.name,
                o.run.strategy.as_str(),
                o.rank.map_or(String::new(), |k| format!(" (rank {k})"))
            ),
            filled: o.viable,
        })
        .collect();
    h.push_str("<h2>Water used and what it gives</h2>\n<figure>");
    h.push_str(&scatter_chart(
        "Mean irrigation against outcome, per option",
        "mean irrigation (mm/yr)",
        label,
        &points,
        ("viable", "not viable"),
    ));
    h.push_str(
        "<figcaption>Numbers are ranks in the table below (options at the same spot share \
         a label; a label is left out where there is no room).</figcaption></figure>\n",
    );

    // Ranking table.
    let _ = write!(
        h,
        "<h2>Ranking</h2>\n<table>\n<tr><th>rank</th><th>species</th><th>kind</th>\
         <th>strategy</th><th>score ({})</th><th>final ECe (dS/m)</th><th>water (mm/yr)</th>\
         <th>biomass (t/ha/yr)</th><th>forage (t/ha/yr)</th><th>reason</th></tr>\n",
        escape(score_unit(plan))
    );
    for o in &plan.options {
        let _ = writeln!(
            h,
            "<tr{}><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td>\
             <td>{:.2}</td><td>{:.1}</td><td>{:.0}</td><td>{:.2}</td><td>{:.2}</td>\
             <td class=\"l\">{}</td></tr>",
            if o.viable { "" } else { " class=\"no\"" },
            o.rank.map_or("-".to_string(), |k| k.to_string()),
            escape(&o.run.name),
            o.run.kind.as_str(),
            o.run.strategy.as_str(),
            o.score,
            o.run.final_root_zone_ece_ds_m,
            o.run.water_used_mm(n),
            o.run.biomass_t_ha(n),
            o.run.forage_t_ha(n),
            escape(&o.reason)
        );
    }
    let _ = writeln!(
        h,
        "</table>\n<p>Score: {}. Viable: survived every season (seasonal mean root-zone ECe below \
         the species' survival limit) within the water available. Strategies: none (rain only), \
         deficit, full (ETc minus rain), full_plus_lf (with the FAO-29 leaching requirement).</p>\
         \n</body></html>",
        score_unit(plan)
    );
    h
}

fn write(path: PathBuf, text: &str) -> Result<PathBuf, OutputError> {
    std::fs::write(&path, text).map_err(|source| OutputError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Writes `plan.json`, `plan.csv` and `report.html` into `dir` (created if needed).
pub fn write_plan(plan: &Plan, dir: &Path) -> Result<PlanFiles, OutputError> {
    std::fs::create_dir_all(dir).map_err(|source| OutputError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let json = serde_json::to_string_pretty(&plan_json(plan)).unwrap_or_default();
    Ok(PlanFiles {
        json: write(dir.join("plan.json"), &json)?,
        csv: write(dir.join("plan.csv"), &plan_csv(plan))?,
        report: write(dir.join("report.html"), &report_html(plan))?,
    })
}
