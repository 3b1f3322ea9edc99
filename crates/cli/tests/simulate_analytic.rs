//! The analytic checks of issue 3 through the whole path: scenario files in `tests/scenarios/`
//! run by `aralkum simulate`, results read back from `profiles.csv` and `daily.csv` and compared
//! with `reference/vectors/` at the tolerances stated in each vector's `.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs a scenario of `tests/scenarios/` and returns its output folder.
fn simulate(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("simulate_analytic")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .arg("simulate")
        .arg(repo().join("tests/scenarios").join(format!("{name}.toml")))
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let w = summary["water_balance_error_pct"].as_f64().unwrap();
    let s = summary["salt_balance_error_pct"].as_f64().unwrap();
    assert!(
        w.abs() < 0.1 && s.abs() < 0.5,
        "{name}: balances {w} %, {s} %"
    );
    out
}

/// A CSV as a list of rows keyed by column name.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn f(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {}", row[key]))
}

fn vector(path: &str) -> Vec<BTreeMap<String, String>> {
    table(&repo().join("reference/vectors").join(path))
}

/// Profiles of `profiles.csv` by time: (depths, values of `column`).
fn profiles(out: &Path, column: &str) -> Vec<(f64, Vec<f64>, Vec<f64>)> {
    let mut by_time: Vec<(f64, Vec<f64>, Vec<f64>)> = Vec::new();
    for r in table(&out.join("profiles.csv")) {
        let t = f(&r, "time_d");
        if by_time.last().is_none_or(|p| p.0 != t) {
            by_time.push((t, Vec::new(), Vec::new()));
        }
        let p = by_time.last_mut().unwrap();
        p.1.push(f(&r, "depth_cm"));
        p.2.push(f(&r, column));
    }
    by_time
}

fn at_time(p: &[(f64, Vec<f64>, Vec<f64>)], t: f64) -> (&[f64], &[f64]) {
    let x = p
        .iter()
        .find(|x| (x.0 - t).abs() < 1e-9)
        .unwrap_or_else(|| panic!("no profile at {t} d"));
    (&x.1, &x.2)
}

/// Linear interpolation in a profile.
fn interp(depths: &[f64], values: &[f64], z: f64) -> f64 {
    let k = depths
        .partition_point(|&d| d < z)
        .clamp(1, depths.len() - 1);
    let (z0, z1) = (depths[k - 1], depths[k]);
    values[k - 1] + (values[k] - values[k - 1]) * (z - z0) / (z1 - z0)
}

/// Srivastava & Yeh (1991) eq. 12a. Tolerance (vector's json): head within 1 % or 0.5 cm,
/// water content within 0.005.
#[test]
fn srivastava_yeh_through_simulate() {
    let out = simulate("srivastava_yeh");
    let heads = profiles(&out, "head_cm");
    let thetas = profiles(&out, "theta");
    let mut checked = 0;
    for r in vector("richards/srivastava_yeh_shared.csv") {
        let (t, z) = (f(&r, "time_d"), f(&r, "depth_cm"));
        let (zs, hs) = at_time(&heads, t);
        let (_, ths) = at_time(&thetas, t);
        let (h, h_ref) = (interp(zs, hs, z), f(&r, "head_cm"));
        let (th, th_ref) = (interp(zs, ths, z), f(&r, "theta"));
        assert!(
            (h - h_ref).abs() <= (0.01 * h_ref.abs()).max(0.5),
            "t {t} d, z {z} cm: head {h} vs {h_ref}"
        );
        assert!(
            (th - th_ref).abs() <= 0.005,
            "t {t} d, z {z} cm: theta {th} vs {th_ref}"
        );
        checked += 1;
    }
    assert_eq!(checked, 606);
}

/// van Genuchten & Alves (1982) A2, third-type inlet. Tolerance (vector's json): 0.01 C0.
#[test]
fn third_type_salt_front_through_simulate() {
    let out = simulate("third_type_front");
    let salt = profiles(&out, "salt_g_l");
    let mut worst: f64 = 0.0;
    let rows = vector("transport/third_type_shared.csv");
    for r in &rows {
        let (t, z) = (f(r, "time_d"), f(r, "depth_cm"));
        let (zs, cs) = at_time(&salt, t);
        let (c, c_ref) = (interp(zs, cs, z), f(r, "c_rel"));
        worst = worst.max((c - c_ref).abs());
        assert!(
            (c - c_ref).abs() <= 0.01,
            "t {t} d, z {z} cm: c {c} vs {c_ref}"
        );
    }
    assert_eq!(rows.len(), 603);
    eprintln!("third-type front through simulate: worst |dc| = {worst:.5} C0");
}

/// Steady evaporation from a water table, Gardner (1958) and quadrature for van
/// Genuchten-Mualem. Tolerance (vector's json): 2 %. The last 20-day interval of a 2000-day run
/// must show both the evaporation and the capillary rise at the steady rate.
#[test]
fn steady_evaporation_through_simulate() {
    for r in vector("evaporation/steady_water_table_shared.csv") {
        let name = format!("evaporation_{}_{}cm", r["soil"], r["water_table_depth_cm"]);
        let e_ref = f(&r, "steady_evaporation_cm_d");
        let out = simulate(&name);
        let daily = table(&out.join("daily.csv"));
        let last = daily.last().unwrap();
        let before = &daily[daily.len() - 2];
        let dt = f(last, "time_d") - f(before, "time_d");
        let e = f(last, "evaporation_cm") / dt;
        let q = f(last, "capillary_rise_cm") / dt;
        eprintln!(
            "{name}: E = {e:.6}, rise = {q:.6} vs {e_ref:.6} cm/d ({:+.2} %, {:+.2} %)",
            100.0 * (e / e_ref - 1.0),
            100.0 * (q / e_ref - 1.0)
        );
        assert!((e / e_ref - 1.0).abs() <= 0.02, "{name}: E {e} vs {e_ref}");
        assert!(
            (q / e_ref - 1.0).abs() <= 0.02,
            "{name}: rise {q} vs {e_ref}"
        );
    }
}
