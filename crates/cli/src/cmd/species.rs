//! `aralkum species [--ece-ds-m X] [--json]`: the built-in species table, optionally filtered to
//! the species that tolerate a root-zone ECe (INTERFACES section 4).

use super::{CmdResult, Failure};
use aralkum_core::crop::{Canopy, SaltTolerance};
use aralkum_scenario::species::{species_table, Species};
use aralkum_scenario::{InputError, InputErrors};

/// Arguments of `aralkum species`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Keep only the species that tolerate this steady root-zone ECe (dS/m): relative yield or
    /// growth of at least 50 % there, and below the survival limit.
    #[arg(long = "ece-ds-m", value_name = "X", allow_negative_numbers = true)]
    pub ece_ds_m: Option<f64>,
    /// Print JSON (keys carry their units) instead of a text table.
    #[arg(long)]
    pub json: bool,
}

/// Largest ECe the filter accepts (dS/m); saturated NaCl brine is about 250.
const ECE_MAX_DS_M: f64 = 300.0;

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    if let Some(x) = args.ece_ds_m {
        if !(x.is_finite() && (0.0..=ECE_MAX_DS_M).contains(&x)) {
            return Err(InputErrors::from(InputError::new(
                "<command line>",
                "--ece-ds-m",
                x.to_string(),
                format!("must be a number of dS/m in [0, {ECE_MAX_DS_M}]"),
            ))
            .into());
        }
    }
    let table = species_table()
        .map_err(|e| Failure::Run(format!("the built-in species table is invalid:\n{e}")))?;
    let kept: Vec<&Species> = table
        .iter()
        .filter(|s| match args.ece_ds_m {
            Some(x) => s.tolerates(x),
            None => true,
        })
        .collect();
    if args.json {
        println!("{}", to_json(&kept, args.ece_ds_m));
    } else {
        print!("{}", text_table(&kept));
        if kept.is_empty() {
            eprintln!("no species tolerates the given ECe");
        }
    }
    Ok(())
}

fn to_json(species: &[&Species], ece_ds_m: Option<f64>) -> String {
    let list: Vec<serde_json::Value> = species.iter().map(|s| s.to_json()).collect();
    let doc = serde_json::json!({
        "filter_ece_ds_m": ece_ds_m,
        "tolerance_rule": "relative yield (Maas-Hoffman) or growth (S-shape) >= 50 % at the ECe, and ECe below survival_ece_ds_m",
        "count": list.len(),
        "species": list,
    });
    serde_json::to_string_pretty(&doc).expect("JSON of plain values")
}

/// The human-readable table: one line per species, columns aligned.
fn text_table(species: &[&Species]) -> String {
    let header = [
        "id",
        "kind",
        "name",
        "latin",
        "salt tolerance (dS/m)",
        "ECe 50% (dS/m)",
        "survival (dS/m)",
        "roots max (cm)",
        "canopy",
        "Ky",
        "WP* (g/m2)",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for s in species {
        let p = &s.params;
        let salt = match p.salt {
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } => format!("threshold {threshold_ds_m}, slope {slope_pct_per_ds_m}%"),
            SaltTolerance::SShape {
                ece50_ds_m,
                exponent,
            } => format!("S-shape ECe50 {ece50_ds_m}, p {exponent}"),
        };
        let canopy = match p.canopy {
            Canopy::KcCurve(c) => format!(
                "Kc {}/{}/{}, {} d",
                c.kc_ini,
                c.kc_mid,
                c.kc_end,
                c.season_length_d()
            ),
            Canopy::CoverCurve {
                cover, kcb_full, ..
            } => format!(
                "cover {} in {} yr, Kcb {}",
                cover.max_frac, cover.years_to_max, kcb_full
            ),
        };
        rows.push(vec![
            s.id.clone(),
            s.kind.to_string(),
            s.name.clone(),
            s.latin.clone(),
            salt,
            format!("{:.1}", s.ece_50pct_yield_ds_m()),
            format!("{:.1}", p.survival_ece_ds_m),
            format!("{:.0}", p.roots.max_cm),
            canopy,
            format!("{}", p.ky),
            format!("{}", p.wp_star_g_m2),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
