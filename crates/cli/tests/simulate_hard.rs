//! Hard inputs of issue 3's acceptance through `aralkum simulate`: each either runs with the
//! water (< 0.1 %) and salt (< 0.5 %) balances closed and every written number finite, or stops
//! with exit code 1, a message naming the time, the depth and the cause, and nothing written.
//! Never a panic (exit 101) and never exit 0 with garbage.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a hard case may take (a few seconds each at the time of writing, 45 s for the rain).
const LIMIT: Duration = Duration::from_secs(300);

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("simulate_hard")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const VG_CLAY: &str =
    "theta_r = 0.068\ntheta_s = 0.38\nalpha_per_cm = 0.008\nn = 1.09\nks_cm_d = 4.8";
const VG_LOAM: &str =
    "theta_r = 0.078\ntheta_s = 0.43\nalpha_per_cm = 0.036\nn = 1.56\nks_cm_d = 24.96";
const VG_SAND: &str =
    "theta_r = 0.045\ntheta_s = 0.43\nalpha_per_cm = 0.145\nn = 2.68\nks_cm_d = 712.8";

/// A series of `days` days: `rain_cm` every 11th day and a potential evaporation rising from
/// 0.3 to 0.5 cm/d over each year.
fn series(days: u32, rain_cm: f64) -> String {
    let mut s =
        String::from("day,precip_cm,irrigation_cm,irrigation_salt_g_l,pot_evap_cm,pot_transp_cm\n");
    for d in 1..=days {
        let rain = if d % 11 == 0 { rain_cm } else { 0.0 };
        let ep = 0.3 + 0.2 * f64::from(d % 365) / 365.0;
        s.push_str(&format!("{d},{rain},0,0,{ep:.4},0\n"));
    }
    s
}

enum Outcome {
    Ran,
    Failed,
}

/// Runs `toml` (with `series` beside it) and checks the acceptance contract.
fn check(name: &str, toml: &str, series_text: Option<String>) -> Outcome {
    let d = dir(name);
    std::fs::write(d.join("s.toml"), toml).unwrap();
    if let Some(s) = series_text {
        std::fs::write(d.join("s.csv"), s).unwrap();
    }
    let out = d.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args(["simulate", "s.toml", "--out", "out", "--quiet"])
        .current_dir(&d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run that neither finishes nor fails is a failure too.
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: still running after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let run = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    match run.status.code() {
        Some(0) => {
            let summary: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                    .unwrap();
            let w = summary["water_balance_error_pct"].as_f64().unwrap();
            let s = summary["salt_balance_error_pct"].as_f64().unwrap();
            assert!(w.abs() < 0.1, "{name}: water balance {w} %");
            assert!(s.abs() < 0.5, "{name}: salt balance {s} %");
            // Every cell is a finite number, except the date column (1) of daily.csv.
            for (file, date_column) in [("daily.csv", Some(1)), ("profiles.csv", None)] {
                let text = std::fs::read_to_string(out.join(file)).unwrap();
                for line in text.lines().skip(1) {
                    for (j, cell) in line.split(',').enumerate() {
                        if Some(j) == date_column {
                            continue;
                        }
                        let v: f64 = cell
                            .parse()
                            .unwrap_or_else(|_| panic!("{name} {file}: {cell}"));
                        assert!(v.is_finite(), "{name} {file}: {line}");
                    }
                }
            }
            Outcome::Ran
        }
        Some(1) => {
            assert!(
                err.contains("at time") && err.contains("depth") && err.contains(": "),
                "{name}: the message must name time, depth and cause: {err}"
            );
            assert!(!out.exists(), "{name}: a failed run writes nothing");
            Outcome::Failed
        }
        other => panic!("{name}: exit {other:?}: {err}"),
    }
}

fn ponded(soil: &str, h0: f64, salt: f64) -> String {
    format!(
        r#"[simulation]
start = "2027-01-01"
duration_d = 5
output_interval_d = 0.25

[grid]
depth_cm = 100
nodes = 51

[[soil.layers]]
bottom_cm = 100
{soil}

[initial]
head_cm = {h0}
salt_g_l = {salt}

[top]
kind = "constant_head"
head_cm = 5
salt_g_l = 1

[bottom]
kind = "free_drainage"
"#
    )
}

#[test]
fn very_dry_clay_under_ponding() {
    check("dry_clay_ponded", &ponded(VG_CLAY, -1e5, 10.0), None);
}

fn extreme_soil(ks: f64, n: f64) -> String {
    let soil =
        format!("theta_r = 0.05\ntheta_s = 0.4\nalpha_per_cm = 0.02\nn = {n}\nks_cm_d = {ks}");
    ponded(&soil, -1000.0, 300.0)
}

#[test]
fn conductivity_and_shape_extremes_with_salt_300_g_l() {
    for (ks, n) in [(1e-3, 3.0), (1e3, 1.05), (1e3, 3.0)] {
        check(&format!("ks_{ks}_n_{n}"), &extreme_soil(ks, n), None);
    }
}

/// Ks 1e-3 cm/d with n 1.05 under 5 cm of ponding: the time step falls to about 1e-6 d; the
/// column's step budget (core `MAX_STEPS_PER_DAY`) stops it cleanly with time, depth and cause.
#[test]
fn least_conductive_steepest_soil_ponded() {
    check("ks_0.001_n_1.05", &extreme_soil(1e-3, 1.05), None);
}

fn layered(days: u32, water_table_salt: f64) -> String {
    format!(
        r#"[simulation]
start = "2027-01-01"
duration_d = {days}
output_interval_d = 0.5

[grid]
depth_cm = 100
nodes = 51

[[soil.layers]]
bottom_cm = 0.5
{VG_SAND}

[[soil.layers]]
bottom_cm = 20.5
{VG_CLAY}

[[soil.layers]]
bottom_cm = 21
{VG_SAND}

[[soil.layers]]
bottom_cm = 100
{VG_LOAM}

[initial]
head_cm = -300
salt_g_l = 300

[top]
kind = "atmospheric"

[bottom]
kind = "water_table"
water_table_depth_cm = 90
salt_g_l = {water_table_salt}

[forcing]
series = "s.csv"
"#
    )
}

#[test]
fn thin_and_thick_layers_with_brine() {
    // 0.5 cm and 20 cm layers, 300 g/L in the soil and the groundwater, evaporation only.
    check("layered_brine", &layered(20, 300.0), Some(series(20, 0.0)));
}

/// Rain on a dry clay layer under a thin sand layer (this made the core panic before its fix of
/// 25 Nov 2026; the runner would still turn a panic into exit 1).
#[test]
fn rain_on_dry_layered_soil() {
    check("layered_rain", &layered(60, 300.0), Some(series(60, 1.5)));
}

/// Ten years of daily forcing over a saline water table (about 5 s with the core's fast path).
#[test]
fn ten_years_over_a_water_table() {
    let toml = format!(
        r#"[simulation]
start = "2027-01-01"
duration_d = 3650

[grid]
depth_cm = 200
nodes = 101

[[soil.layers]]
bottom_cm = 200
{VG_LOAM}

[initial]
head_cm = "equilibrium"
salt_g_l = 5

[top]
kind = "atmospheric"

[bottom]
kind = "water_table"
water_table_depth_cm = 150
salt_g_l = 20

[forcing]
series = "s.csv"
"#
    );
    match check("ten_years", &toml, Some(series(3650, 0.5))) {
        Outcome::Ran => {}
        Outcome::Failed => panic!("a plain loam over a water table should run"),
    }
}
