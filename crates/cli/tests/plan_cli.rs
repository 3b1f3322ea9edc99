//! `aralkum plan` end to end (issue 4, INTERFACES section 4): exit 2 with a located message on
//! bad site files and unknown species (listing close names), and on success plan.json with the
//! fixed option fields, plan.csv and a self-contained report.html.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("plan_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SITE: &str = r#"
[site]
name = "cli test plot"
station = "moynaq"

[grid]
depth_cm = 150
nodes = 31

[[soil.layers]]
bottom_cm = 150
texture = "sandy loam"

[initial]
ece_ds_m = 10

[groundwater]
depth_cm = 200
salt_g_l = 10

[water]
volume_m3_ha = 3000
salt_g_l = 1.5
season = ["04-01", "09-30"]

[plan]
years = 1
objective = "forage"
species = ["barley"]
"#;

fn plan(site_text: &str, name: &str) -> (Output, PathBuf) {
    let dir = tmp(name);
    let site = dir.join("site.toml");
    std::fs::write(&site, site_text).unwrap();
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .arg("plan")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    (output, out)
}

#[test]
fn unknown_species_exits_2_with_close_names() {
    let (o, out) = plan(
        &SITE.replace("[\"barley\"]", "[\"barly\", \"saxaul_black\"]"),
        "unknown",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("plan.species[0] = \"barly\": unknown species; did you mean barley"),
        "{err}"
    );
    assert!(err.contains("plan.species[1] = \"saxaul_black\""), "{err}");
    assert!(!out.exists());
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_site_files_exit_2_with_located_messages() {
    let (o, _) = plan(
        &SITE.replace("depth_cm = 200", "depth_cm = -1"),
        "bad_value",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site.toml: groundwater.depth_cm = -1: out of range"),
        "{err}"
    );
    let (o, _) = plan(&SITE.replace("years = 1", "years = 1\nyear = 2"), "bad_key");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 28, column 1") && err.contains("unknown key `year`"),
        "{err}"
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .args([
            "plan",
            "/nonexistent/site.toml",
            "--out",
            "/tmp/x",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_plan_writes_json_csv_and_a_self_contained_report() {
    let (o, out) = plan(SITE, "good");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        out.join("plan.json").display().to_string()
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let options = json["options"].as_array().unwrap();
    assert_eq!(options.len(), 4, "one species x four strategies");
    let mut strategies: Vec<&str> = options
        .iter()
        .map(|o| o["strategy"].as_str().unwrap())
        .collect();
    strategies.sort();
    assert_eq!(strategies, ["deficit", "full", "full_plus_lf", "none"]);
    for o in options {
        for key in [
            "species",
            "strategy",
            "viable",
            "rank",
            "score",
            "final_root_zone_ece_ds_m",
            "water_used_mm",
            "biomass_t_ha",
            "forage_t_ha",
            "reason",
        ] {
            assert!(o.get(key).is_some(), "missing {key} in {o}");
        }
        assert_eq!(o["species"], "barley");
        assert!(o["water_used_mm"].as_f64().unwrap() <= 300.0 + 1e-6);
        assert_eq!(o["viable"].as_bool().unwrap(), o["rank"].is_u64());
        assert!(o["final_root_zone_ece_ds_m"].as_f64().unwrap() > 0.0);
    }
    // Ranks are 1, 2, ... in the order of the list.
    let ranks: Vec<u64> = options.iter().filter_map(|o| o["rank"].as_u64()).collect();
    assert_eq!(ranks, (1..=ranks.len() as u64).collect::<Vec<_>>());
    assert!(
        json["reclamation"]["needed_intermittent_mm"]
            .as_f64()
            .unwrap()
            > 0.0
    );

    let csv = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(csv.starts_with(
        "rank,species,kind,strategy,viable,score,final_root_zone_ece_ds_m,water_used_mm,\
         biomass_t_ha,forage_t_ha"
    ));
    assert_eq!(csv.lines().count(), 5);

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.matches("<svg").count() >= 3,
        "ECe over time, scatter, leaching"
    );
    assert!(html.contains("<h2>Ranking</h2>"));
    assert!(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("NaN"));
    // Every chart reads right: finite coordinates, texts inside, axis titles with units, tick
    // labels apart (aralkum_scenario::output::svg::chart_defects).
    let charts = aralkum_scenario::output::svg::charts_in(&html);
    assert!(charts.len() >= 3);
    for chart in charts {
        let defects = aralkum_scenario::output::svg::chart_defects(chart);
        assert!(defects.is_empty(), "{defects:?}");
    }
    assert!(
        html.contains("<th>score ("),
        "the score column names its unit"
    );
}
