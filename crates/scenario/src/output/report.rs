//! `report.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
//! the salinity over depth and time, the cumulative water balance, plant stress and the budget.

use super::svg::{escape, heat_map_marked, line_chart, line_chart_with, ChartOptions, Series};
use super::tables::num;
use crate::run::{RunResult, SalinityMap};
use std::fmt::Write;

/// Most times drawn in the salinity map.
pub const MAP_COLUMNS: usize = 150;
/// Depths drawn in the salinity map.
pub const MAP_ROWS: usize = 60;

/// The map at no more than `columns` times (evenly picked) and at `rows` evenly spaced depths
/// (linear interpolation between nodes).
fn resample(map: &SalinityMap, columns: usize, rows: usize) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let n = map.time_d.len();
    if n == 0 || map.depth_cm.len() < 2 {
        return (
            map.time_d.clone(),
            map.depth_cm.clone(),
            map.ece_ds_m.clone(),
        );
    }
    let picks: Vec<usize> = if n <= columns {
        (0..n).collect()
    } else {
        let mut p: Vec<usize> = (0..columns).map(|k| k * (n - 1) / (columns - 1)).collect();
        p.dedup();
        p
    };
    let z = &map.depth_cm;
    let (top, bottom) = (z[0], z[z.len() - 1]);
    let depths: Vec<f64> = (0..rows)
        .map(|i| top + (bottom - top) * i as f64 / (rows - 1) as f64)
        .collect();
    let values = picks
        .iter()
        .map(|&k| {
            let col = &map.ece_ds_m[k];
            depths
                .iter()
                .map(|&d| {
                    let j = z.partition_point(|&x| x < d).clamp(1, z.len() - 1);
                    let w = (d - z[j - 1]) / (z[j] - z[j - 1]);
                    col[j - 1] + w * (col[j] - col[j - 1])
                })
                .collect()
        })
        .collect();
    (
        picks.iter().map(|&k| map.time_d[k]).collect(),
        depths,
        values,
    )
}

/// `v` with `decimals` decimals, never "-0.000".
fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// The page.
pub fn report_html(r: &RunResult) -> String {
    let mut html = String::new();
    let title = format!("aralkum column run: {}", r.name);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}}\
         svg{{max-width:100%;height:auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px;\
         text-align:right}}th{{text-align:left}}figure{{margin:1.5em 0}}</style></head><body>\n",
        escape(&title)
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        html,
        "<p>Start {}, {} days; root zone 0-{} cm; {} time steps, {} iterations, {:.3} s of solver time.</p>",
        r.start,
        num(r.duration_d),
        num(r.root_zone_depth_cm),
        r.stats.time_steps,
        r.stats.iterations,
        r.wall_time_s
    );

    // Budget table.
    let t = &r.totals;
    let b = &r.balance;
    html.push_str("<h2>Water and salt budget</h2>\n<table>\n");
    let rows: [(&str, f64, &str); 14] = [
        ("precipitation", t.precip_cm, "cm"),
        ("irrigation", t.irrigation_cm, "cm"),
        ("runoff", t.runoff_cm, "cm"),
        ("infiltration", t.infiltration_cm, "cm"),
        ("potential evaporation", t.evaporation_pot_cm, "cm"),
        ("evaporation", t.evaporation_cm, "cm"),
        ("potential transpiration", t.transpiration_pot_cm, "cm"),
        ("transpiration", t.transpiration_cm, "cm"),
        ("drainage", t.drainage_cm, "cm"),
        ("capillary rise", t.capillary_rise_cm, "cm"),
        (
            "storage change",
            b.water_final_cm - b.water_initial_cm,
            "cm",
        ),
        ("water balance error", b.water_error_pct, "%"),
        (
            "salt leached (out of the bottom)",
            t.salt_out_bottom_mg_cm2,
            "mg/cm²",
        ),
        ("salt balance error", b.salt_error_pct, "%"),
    ];
    for (name, v, unit) in rows {
        let _ = writeln!(
            html,
            "<tr><th>{name}</th><td>{}</td><td>{unit}</td></tr>",
            fixed(v, 4)
        );
    }
    let _ = writeln!(
        html,
        "<tr><th>salt in (top + bottom)</th><td>{}</td><td>mg/cm²</td></tr>\
         <tr><th>salt storage change</th><td>{}</td><td>mg/cm²</td></tr>\
         <tr><th>final root-zone ECe</th><td>{}</td><td>dS/m</td></tr>",
        fixed(b.salt_in_mg_cm2, 4),
        fixed(b.salt_final_mg_cm2 - b.salt_initial_mg_cm2, 4),
        fixed(r.final_root_zone_ece_ds_m, 3)
    );
    if let Some(y) = r.relative_yield {
        let _ = writeln!(
            html,
            "<tr><th>relative yield</th><td>{y:.3}</td><td>-</td></tr>"
        );
    }
    if let Some((biomass, harvest, forage)) = r.production_t_ha {
        let _ = writeln!(
            html,
            "<tr><th>biomass</th><td>{biomass:.3}</td><td>t/ha</td></tr>\
             <tr><th>yield</th><td>{harvest:.3}</td><td>t/ha</td></tr>\
             <tr><th>forage</th><td>{forage:.3}</td><td>t/ha</td></tr>"
        );
    }
    html.push_str("</table>\n");

    // Salinity map, resampled so the page stays small whatever the grid and the run length.
    let (times, depths, values) = resample(&r.map, MAP_COLUMNS, MAP_ROWS);
    html.push_str("<h2>Salinity over depth and time</h2>\n<figure>");
    html.push_str(&heat_map_marked(
        "ECe of the saturation extract over depth and time",
        "time since start (d)",
        "depth (cm)",
        &times,
        &depths,
        &values,
        "ECe (dS/m)",
        &[(
            r.root_zone_depth_cm,
            format!("bottom of the root zone ({} cm)", num(r.root_zone_depth_cm)),
        )],
    ));
    html.push_str("</figure>\n");

    // Profiles of ECe at the profile times.
    let series: Vec<Series> = r
        .profiles
        .iter()
        .take(8)
        .map(|p| Series {
            name: format!("day {}", num(p.time_d)),
            points: p
                .profile
                .ece_ds_m
                .iter()
                .zip(&p.profile.depth_cm)
                .map(|(e, z)| (*e, *z))
                .collect(),
        })
        .collect();
    html.push_str("<figure>");
    html.push_str(&line_chart(
        "ECe profiles on selected days",
        "ECe (dS/m)",
        "depth (cm)",
        &series,
        true,
    ));
    html.push_str("</figure>\n");

    // Cumulative water balance.
    let cum = |f: fn(&aralkum_core::column::Fluxes) -> f64| -> Vec<(f64, f64)> {
        std::iter::once((0.0, 0.0))
            .chain(r.daily.iter().map(|d| (d.time_d, f(&d.cumulative))))
            .collect()
    };
    let storage: Vec<(f64, f64)> = std::iter::once((0.0, 0.0))
        .chain(
            r.daily
                .iter()
                .map(|d| (d.time_d, d.storage_cm - b.water_initial_cm)),
        )
        .collect();
    type Flux = fn(&aralkum_core::column::Fluxes) -> f64;
    let fluxes: [(&str, Flux); 6] = [
        ("infiltration", |f| f.infiltration_cm),
        ("evaporation", |f| f.evaporation_cm),
        ("transpiration", |f| f.transpiration_cm),
        ("drainage", |f| f.drainage_cm),
        ("capillary rise", |f| f.capillary_rise_cm),
        ("runoff", |f| f.runoff_cm),
    ];
    let water: Vec<Series> = fluxes
        .iter()
        .map(|&(name, flux)| Series {
            name: name.into(),
            points: cum(flux),
        })
        .chain(std::iter::once(Series {
            name: "storage change".into(),
            points: storage,
        }))
        .collect();
    html.push_str("<h2>Water balance</h2>\n<figure>");
    let time_axis = ChartOptions {
        x_range: Some((0.0, r.duration_d)),
        ..ChartOptions::default()
    };
    html.push_str(&line_chart_with(
        "Cumulative water flows since the start",
        "time since start (d)",
        "cumulative water (cm)",
        &water,
        &time_axis,
    ));
    html.push_str("</figure>\n");

    // Stress.
    html.push_str("<h2>Stress</h2>\n");
    let ratio = |a: f64, p: f64| if p > 1e-12 { a / p } else { f64::NAN };
    let mut stress = vec![Series {
        name: "E / Ep".into(),
        points: r
            .daily
            .iter()
            .map(|d| {
                (
                    d.time_d,
                    ratio(d.fluxes.evaporation_cm, d.fluxes.evaporation_pot_cm),
                )
            })
            .collect(),
    }];
    if r.has_plant {
        stress.insert(
            0,
            Series {
                name: "T / Tp".into(),
                points: r
                    .daily
                    .iter()
                    .map(|d| {
                        (
                            d.time_d,
                            ratio(d.fluxes.transpiration_cm, d.fluxes.transpiration_pot_cm),
                        )
                    })
                    .collect(),
            },
        );
    } else {
        html.push_str("<p>No plant in this scenario: only the evaporation ratio is shown.</p>\n");
    }
    html.push_str("<figure>");
    html.push_str(&line_chart_with(
        "Actual over potential rate, per output interval",
        "time since start (d)",
        "actual / potential (-)",
        &stress,
        &ChartOptions {
            y_range: Some((0.0, 1.05)),
            ..time_axis
        },
    ));
    html.push_str("</figure>\n");
    let rz: Vec<(f64, f64)> = r
        .daily
        .iter()
        .map(|d| (d.time_d, d.root_zone_ece_ds_m))
        .collect();
    html.push_str("<figure>");
    html.push_str(&line_chart_with(
        &format!(
            "Mean ECe of the root zone (0-{} cm)",
            num(r.root_zone_depth_cm)
        ),
        "time since start (d)",
        "ECe (dS/m)",
        &[Series {
            name: "root zone".into(),
            points: rz,
        }],
        &time_axis,
    ));
    html.push_str("</figure>\n</body></html>\n");
    html
}
