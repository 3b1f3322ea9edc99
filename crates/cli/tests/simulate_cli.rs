//! `aralkum simulate` end to end: exit codes (0 ok, 2 bad input, 1 failed run), the four files
//! of INTERFACES section 6 with their columns and keys, mass balances (water < 0.1 %, salt
//! < 0.5 %, issue 3 acceptance) and no NaN or infinity anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenario(name: &str) -> PathBuf {
    repo().join("tests/scenarios").join(name)
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("simulate_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn simulate(scenario: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .arg("simulate")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("the binary runs")
}

fn summary(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn number(s: &serde_json::Value, key: &str) -> f64 {
    s[key]
        .as_f64()
        .unwrap_or_else(|| panic!("summary.json has no number {key}"))
}

const DAILY: [&str; 16] = [
    "time_d",
    "date",
    "precip_cm",
    "irrigation_cm",
    "runoff_cm",
    "infiltration_cm",
    "evaporation_pot_cm",
    "evaporation_cm",
    "transpiration_pot_cm",
    "transpiration_cm",
    "drainage_cm",
    "capillary_rise_cm",
    "storage_cm",
    "salt_storage_mg_cm2",
    "root_zone_salt_g_l",
    "root_zone_ece_ds_m",
];

/// Every field of a CSV is a finite number (except the date column).
fn all_finite(text: &str, skip_column: Option<usize>) {
    for (k, line) in text.lines().enumerate().skip(1) {
        for (j, cell) in line.split(',').enumerate() {
            if Some(j) == skip_column {
                continue;
            }
            let v: f64 = cell
                .parse()
                .unwrap_or_else(|_| panic!("line {}: `{cell}` is not a number", k + 1));
            assert!(v.is_finite(), "line {}: {cell}", k + 1);
        }
    }
}

/// The balance errors of a run, checked against the acceptance limits.
fn balances_close(s: &serde_json::Value) {
    let w = number(s, "water_balance_error_pct");
    let c = number(s, "salt_balance_error_pct");
    assert!(w.abs() < 0.1, "water balance error {w} %");
    assert!(c.abs() < 0.5, "salt balance error {c} %");
    // The balance is the budget of the cum_ totals (recomputed here from the summary).
    let storage = number(s, "final_storage_cm") - number(s, "initial_storage_cm");
    let flows = number(s, "cum_infiltration_cm") + number(s, "cum_capillary_rise_cm")
        - number(s, "cum_evaporation_cm")
        - number(s, "cum_transpiration_cm")
        - number(s, "cum_drainage_cm");
    assert!((storage - flows - number(s, "water_balance_error_cm")).abs() < 1e-9);
}

#[test]
fn crop_over_a_water_table_writes_every_file() {
    let out = out_dir("crop");
    let run = simulate(&scenario("crop_water_table.toml"), &out);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Nothing but the summary's path on stdout.
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        out.join("summary.json").display().to_string()
    );

    let daily = std::fs::read_to_string(out.join("daily.csv")).unwrap();
    let header: Vec<&str> = daily.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..16], &DAILY);
    for flux in &DAILY[2..12] {
        assert!(
            header.contains(&format!("cum_{flux}").as_str()),
            "cum_{flux}"
        );
    }
    assert_eq!(daily.lines().count(), 1 + 120);
    all_finite(&daily, Some(1));
    let first: Vec<&str> = daily.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(first[0], "1");
    assert_eq!(first[1], "2027-04-15");
    // Irrigation of 4 cm every 7 days from day 5 (over day 6): 17 applications in 120 days.
    let last: Vec<&str> = daily.lines().last().unwrap().split(',').collect();
    let cum_irrigation: f64 = last[header
        .iter()
        .position(|h| *h == "cum_irrigation_cm")
        .unwrap()]
    .parse()
    .unwrap();
    assert!((cum_irrigation - 68.0).abs() < 1e-9, "{cum_irrigation}");

    let profiles = std::fs::read_to_string(out.join("profiles.csv")).unwrap();
    assert!(profiles.starts_with("time_d,depth_cm,head_cm,theta,salt_g_l,ece_ds_m\n"));
    all_finite(&profiles, None);
    let times: Vec<&str> = profiles
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut distinct = times.clone();
    distinct.dedup();
    assert_eq!(distinct, vec!["0", "30", "60", "120"]);

    let s = summary(&out);
    balances_close(&s);
    for key in [
        "cum_precip_cm",
        "cum_irrigation_cm",
        "cum_runoff_cm",
        "cum_infiltration_cm",
        "cum_evaporation_pot_cm",
        "cum_evaporation_cm",
        "cum_transpiration_pot_cm",
        "cum_transpiration_cm",
        "cum_drainage_cm",
        "cum_capillary_rise_cm",
        "water_balance_error_cm",
        "salt_balance_error_mg_cm2",
        "final_root_zone_ece_ds_m",
        "relative_yield",
        "time_steps",
        "iterations",
        "wall_time_s",
    ] {
        number(&s, key);
    }
    // Sorghum is in the species table: FAO-33 with its Ky on seasonal transpiration. The
    // forcing is an explicit series, so no ET0 and no biomass.
    let ky = aralkum_scenario::species::find_species("sorghum")
        .unwrap()
        .params
        .ky;
    let ratio = number(&s, "cum_transpiration_cm") / number(&s, "cum_transpiration_pot_cm");
    let ry = number(&s, "relative_yield");
    assert!(ry > 0.0 && ry <= 1.0, "{ry}");
    assert!((ry - (1.0 - ky * (1.0 - ratio)).clamp(0.0, 1.0)).abs() < 1e-12);
    assert!(s.get("biomass_t_ha").is_none());

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.matches("<svg").count() >= 4);
    assert!(!html.contains("<script"));
    assert!(!html.contains("NaN"));
    // Self-contained: the only URL is the SVG namespace.
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
}

#[test]
fn bare_soil_has_no_relative_yield() {
    let out = out_dir("bare");
    let run = simulate(&scenario("evaporation_gardner_150cm.toml"), &out);
    assert_eq!(run.status.code(), Some(0));
    let s = summary(&out);
    assert!(s.get("relative_yield").is_none());
    assert!(s.get("biomass_t_ha").is_none());
    balances_close(&s);
}

#[test]
fn bad_input_exits_2_with_located_messages() {
    let dir = out_dir("bad_input");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(scenario("crop_water_table.toml"))
        .unwrap()
        .replace("n = 1.56", "n = 0.9")
        .replace("max_ponding_cm = 1", "max_ponding_cm = 1\nponding_cm = 2")
        .replace("series = \"season.csv\"", "series = \"missing.csv\"");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, text).unwrap();
    let run = simulate(&bad, &dir.join("out"));
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8(run.stderr).unwrap();
    let file = bad.display().to_string();
    assert!(
        err.contains(&format!("{file}: soil.layers[0].n = 0.9: must be > 1")),
        "{err}"
    );
    assert!(err.contains("unknown key `ponding_cm`"), "{err}");
    assert!(
        err.contains("forcing.series = \"missing.csv\": cannot read"),
        "{err}"
    );
    assert!(run.stdout.is_empty());
    assert!(!dir.join("out").exists(), "nothing is written on bad input");
}

#[test]
fn missing_scenario_file_exits_2() {
    let run = simulate(Path::new("/nonexistent/scenario.toml"), &out_dir("none"));
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn unwritable_output_exits_1() {
    let dir = out_dir("unwritable");
    std::fs::create_dir_all(&dir).unwrap();
    let blocker = dir.join("a_file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let run = simulate(
        &scenario("evaporation_gardner_150cm.toml"),
        &blocker.join("out"),
    );
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(err.contains("a_file"), "{err}");
}

/// Every built-in example (issue 3: "on every test and example") runs through `aralkum example`
/// and `aralkum simulate` with both balances closed and finite outputs; the takyr's 4 cm turns
/// pond on its clay loam (air-entry head, Vogel et al. 2001) and must take in all the water.
#[test]
fn every_built_in_example_closes_its_balances() {
    for name in ["sandy_plain", "loamy_solonchak", "takyr_clay"] {
        let dir = out_dir(&format!("example_{name}"));
        let made = Command::new(env!("CARGO_BIN_EXE_aralkum"))
            .args(["example", name, "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(made.status.success(), "{name}: {made:?}");
        let out = dir.join("out");
        let run = simulate(&dir.join("scenario.toml"), &out);
        assert!(run.status.success(), "{name}: {run:?}");
        let s = summary(&out);
        balances_close(&s);
        all_finite(
            &std::fs::read_to_string(out.join("daily.csv")).unwrap(),
            Some(1),
        );
        all_finite(
            &std::fs::read_to_string(out.join("profiles.csv")).unwrap(),
            None,
        );
        if name == "takyr_clay" {
            assert!(number(&s, "cum_irrigation_cm") > 39.9);
            assert_eq!(number(&s, "cum_runoff_cm"), 0.0);
        }
    }
}

/// Light turns of irrigation on the sandy plain (1 cm every 18 days): the wetting fronts cross
/// nodes of dry sand near residual water content, where the solver books a node's storage at
/// its heads instead of its linearised storage when the latter would leave it almost no water
/// above residual. Limit 1e-3 % of the water balance, a hundredth of the 0.1 %: this
/// year closed to 1.6e-2 % while half the water above residual was required, and closes to
/// 5e-4 % with a tenth (`flow::BOOKED_SHARE_ABOVE_RESIDUAL`).
#[test]
fn light_irrigation_of_dry_sand_closes_the_water_balance_tightly() {
    let dir = out_dir("sandy_light_turns");
    let made = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args(["example", "sandy_plain", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let path = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("[[irrigation]]").expect("the example irrigates");
    let end = start + text[start + 1..].find("\n[").expect("a table after it") + 1;
    let turns = text[start..end]
        .lines()
        .map(|line| {
            if line.starts_with("every_d") {
                "every_d = 18".to_string()
            } else if line.starts_with("depth_cm") {
                "depth_cm = 1.0".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        &path,
        format!("{}{}\n{}", &text[..start], turns, &text[end..]),
    )
    .unwrap();
    let out = dir.join("out");
    let run = simulate(&path, &out);
    assert!(run.status.success(), "{run:?}");
    let s = summary(&out);
    balances_close(&s);
    let water = number(&s, "water_balance_error_pct").abs();
    assert!(water < 1e-3, "water balance {water} %");
}
