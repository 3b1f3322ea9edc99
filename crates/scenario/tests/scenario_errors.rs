//! Bad scenario files give located messages (file, line and column or key path, value, allowed
//! range), all of them at once, never a panic (issue 3, acceptance: bad scenario files).

use aralkum_scenario::{parse_scenario, InputErrors, Scenario};
use std::path::{Path, PathBuf};

const GOOD: &str = r#"
[simulation]
start = "2027-03-01"
duration_d = 10
output_interval_d = 1
profile_times_d = [5, 10]

[site]
name = "test plot"
latitude_deg = 43.77
elevation_m = 65

[grid]
depth_cm = 100
nodes = 51

[[soil.layers]]
bottom_cm = 30
model = "van_genuchten"
theta_r = 0.065
theta_s = 0.41
alpha_per_cm = 0.075
n = 1.89
ks_cm_d = 106.1

[[soil.layers]]
bottom_cm = 100
model = "gardner"
theta_r = 0.05
theta_s = 0.4
alpha_per_cm = 0.05
ks_cm_d = 10

[initial]
head_cm = "equilibrium"
salt_g_l = 2.0

[top]
kind = "atmospheric"
h_crit_cm = -15000

[bottom]
kind = "water_table"
water_table_depth_cm = 100
salt_g_l = 20.0

[forcing]
series = "series.csv"

[[irrigation]]
every_d = 3
depth_cm = 1.0
salt_g_l = 1.0

[[plants]]
species = "sorghum"
root_depth_cm = 50
feddes_cm = [-10, -25, -400, -800, -8000]
salt_threshold_ds_m = 6.8
salt_slope_pct_per_ds_m = 16
"#;

/// A folder holding a forcing series of `days` days (with an optional gap at `gap`).
fn series_dir(name: &str, days: u32, gap: Option<u32>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text =
        String::from("day,precip_cm,irrigation_cm,irrigation_salt_g_l,pot_evap_cm,pot_transp_cm\n");
    for d in 1..=days {
        if Some(d) != gap {
            text.push_str(&format!("{d},0.1,0,0,0.3,0.2\n"));
        }
    }
    std::fs::write(dir.join("series.csv"), text).unwrap();
    dir
}

fn parse(text: &str, dir: &Path) -> Result<Scenario, InputErrors> {
    parse_scenario(text, "s.toml", dir)
}

fn errors(text: &str) -> String {
    let dir = series_dir("errors", 10, None);
    match parse(text, &dir) {
        Ok(_) => panic!("expected errors in\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn has(all: &str, needle: &str) {
    assert!(all.contains(needle), "expected `{needle}` in:\n{all}");
}

#[test]
fn the_good_scenario_reads() {
    let dir = series_dir("good", 10, None);
    let s = parse(GOOD, &dir).unwrap();
    assert_eq!(s.column.layers.len(), 2);
    assert_eq!(s.forcing.days.len(), 10);
    assert_eq!(s.forcing.rules.len(), 1);
    assert_eq!(s.forcing.root_depth_cm, 50.0);
    assert_eq!(s.profile_times_d, vec![5.0, 10.0]);
    assert_eq!(s.root_zone_depth_cm, 50.0);
    assert_eq!(s.name, "test plot");
}

#[test]
fn unknown_key_is_located_by_line() {
    let text = GOOD.replace("n = 1.89", "n = 1.89\nnn = 2");
    let all = errors(&text);
    // Line 28 of the text (the leading newline counts as line 1).
    let line = text.lines().position(|l| l == "nn = 2").unwrap() + 1;
    has(
        &all,
        &format!("s.toml: line {line}, column 1 ([soil]): unknown key `nn`"),
    );
}

#[test]
fn unknown_table_is_reported() {
    let all = errors(&format!("{GOOD}\n[weather]\nfile = \"x\"\n"));
    has(&all, "s.toml: weather: unknown key");
}

#[test]
fn missing_keys_are_all_reported() {
    let text = GOOD
        .replace("duration_d = 10\n", "")
        .replace("ks_cm_d = 10\n", "")
        .replace("water_table_depth_cm = 100\n", "");
    let all = errors(&text);
    has(&all, "s.toml: simulation.duration_d: missing key");
    has(&all, "s.toml: soil.layers[1].ks_cm_d: missing key");
    has(&all, "s.toml: bottom.water_table_depth_cm: missing key");
}

#[test]
fn missing_table_is_reported() {
    let text = GOOD.replace("[top]\nkind = \"atmospheric\"\nh_crit_cm = -15000\n", "");
    has(&errors(&text), "s.toml: top: missing table [top]");
}

#[test]
fn values_out_of_range_name_key_value_and_range() {
    let text = GOOD
        .replace("n = 1.89", "n = 0.9")
        .replace("theta_s = 0.4\n", "theta_s = 1.2\n")
        .replace("salt_g_l = 2.0", "salt_g_l = -1");
    let all = errors(&text);
    has(&all, "s.toml: soil.layers[0].n = 0.9: must be > 1");
    has(
        &all,
        "s.toml: soil.layers[1].theta_s = 1.2: must be > 0 and <= 1",
    );
    has(
        &all,
        "s.toml: initial.salt_g_l = -1: must be >= 0 and <= 400",
    );
}

#[test]
fn wrong_type_is_located() {
    let text = GOOD.replace("ks_cm_d = 106.1", "ks_cm_d = \"fast\"");
    let all = errors(&text);
    let line = text
        .lines()
        .position(|l| l.starts_with("ks_cm_d = \"fast\""))
        .unwrap()
        + 1;
    has(
        &all,
        &format!("s.toml: line {line}, column 11 ([soil]): invalid type: string \"fast\""),
    );
}

#[test]
fn layers_out_of_order_are_not_contiguous() {
    let text = GOOD.replace("bottom_cm = 100", "bottom_cm = 20");
    let all = errors(&text);
    has(
        &all,
        "s.toml: soil.layers[1].bottom_cm = 20: must be > 30 (the bottom of soil.layers[0])",
    );
}

#[test]
fn grid_deeper_than_soil() {
    let text = GOOD.replace("depth_cm = 100\nnodes", "depth_cm = 150\nnodes");
    let all = errors(&text);
    has(
        &all,
        "s.toml: grid.depth_cm = 150: the grid is deeper than the soil",
    );
}

#[test]
fn bad_date_and_profile_times() {
    let text = GOOD
        .replace("2027-03-01", "2027-02-30")
        .replace("[5, 10]", "[5, 4, 11]");
    let all = errors(&text);
    has(
        &all,
        "s.toml: simulation.start = \"2027-02-30\": must be a calendar date YYYY-MM-DD",
    );
    has(
        &all,
        "s.toml: simulation.profile_times_d[1] = 4: must be > the time before it",
    );
    has(
        &all,
        "s.toml: simulation.profile_times_d[2] = 11: must be > 0 and <= 10",
    );
}

#[test]
fn series_with_a_gap_is_located() {
    let dir = series_dir("gap", 10, Some(4));
    let e = parse(GOOD, &dir).unwrap_err().to_string();
    let file = dir.join("series.csv").display().to_string();
    has(
        &e,
        &format!("{file}: line 5, column 1 (day) = 5: gap: day 5 follows day 3 (missing day 4)"),
    );
}

#[test]
fn series_too_short_for_the_run() {
    let dir = series_dir("short", 8, None);
    let e = parse(GOOD, &dir).unwrap_err().to_string();
    has(
        &e,
        "s.toml: forcing.series = \"series.csv\": ends at day 8 but the run lasts 10 d",
    );
}

#[test]
fn syntax_error_has_line_and_column() {
    let all = errors("[simulation]\nstart = \"2027-03-01\nduration_d = 1\n");
    has(&all, "s.toml: line 2, column");
}

#[test]
fn keys_of_another_kind_are_rejected() {
    let text = GOOD.replace("h_crit_cm = -15000", "h_crit_cm = -15000\nhead_cm = -10");
    has(
        &errors(&text),
        "s.toml: top.head_cm = -10.0: not used by an atmospheric top",
    );
}

#[test]
fn every_problem_is_reported_together() {
    let text = GOOD
        .replace("n = 1.89", "n = 0.9\nnn = 1")
        .replace(
            "kind = \"atmospheric\"",
            "kind = \"atmospheric\"\nbogus = 1",
        )
        .replace("duration_d = 10", "duration_d = -1");
    let all = errors(&text);
    assert!(all.lines().count() >= 3, "{all}");
    has(&all, "unknown key `nn`");
    has(&all, "unknown key `bogus`");
    has(&all, "simulation.duration_d = -1: must be > 0");
}

const VG_LAYER0: &str = "model = \"van_genuchten\"\ntheta_r = 0.065\ntheta_s = 0.41\nalpha_per_cm = 0.075\nn = 1.89\nks_cm_d = 106.1\n";

#[test]
fn texture_class_gives_carsel_parrish_averages() {
    use aralkum_core::soil::{HydraulicFunctions, SoilHydraulics};
    let dir = series_dir("texture", 10, None);
    let s = parse(&GOOD.replace(VG_LAYER0, "texture = \"sandy loam\"\n"), &dir).unwrap();
    // Carsel & Parrish (1988) Table 3, sandy loam: 0.065, 0.41, 0.075 1/cm, 1.89, 106.1 cm/d.
    let h = &s.column.layers[0].hydraulics;
    assert!(matches!(h, SoilHydraulics::VanGenuchten(v) if v.n == 1.89 && v.alpha_per_cm == 0.075));
    assert!((h.ks_cm_d() - 106.1).abs() < 1e-9);
    let all = errors(&GOOD.replace(VG_LAYER0, "texture = \"sandy lome\"\n"));
    has(
        &all,
        "s.toml: soil.layers[0].texture = \"sandy lome\": must be a USDA texture class: sand,",
    );
}

#[test]
fn composition_gives_hypres_parameters_and_bad_sums_are_located() {
    let dir = series_dir("ptf", 10, None);
    let layer = "sand_pct = 40\nsilt_pct = 40\nclay_pct = 20\nbulk_density_g_cm3 = 1.45\n";
    let s = parse(&GOOD.replace(VG_LAYER0, layer), &dir).unwrap();
    let theta_s = aralkum_core::soil::HydraulicFunctions::theta_s(&s.column.layers[0].hydraulics);
    assert!(theta_s > 0.3 && theta_s < 0.5, "{theta_s}");
    let bad = "sand_pct = 40\nsilt_pct = 40\nclay_pct = 30\nbulk_density_g_cm3 = 1.45\n";
    has(&errors(&GOOD.replace(VG_LAYER0, bad)), "s.toml: soil.layers[0] = sand 40 %, silt 40 %, clay 30 %, bulk density 1.45 g/cm3: pedotransfer (Wosten et al. 1999):");
    let missing = "sand_pct = 40\nsilt_pct = 40\nclay_pct = 20\n";
    has(
        &errors(&GOOD.replace(VG_LAYER0, missing)),
        "s.toml: soil.layers[0].bulk_density_g_cm3: missing key",
    );
    let mixed = format!("{layer}n = 1.5\n");
    has(
        &errors(&GOOD.replace(VG_LAYER0, &mixed)),
        "s.toml: soil.layers[0]: give one of",
    );
}

#[test]
fn unknown_species_names_close_ids() {
    let all = errors(&GOOD.replace("species = \"sorghum\"", "species = \"sorgum\""));
    has(
        &all,
        "s.toml: plants[0].species = \"sorgum\": unknown species; did you mean sorghum",
    );
}

#[test]
fn species_fills_the_plant_keys() {
    let dir = series_dir("species", 10, None);
    let text = GOOD.replace(
        "root_depth_cm = 50\nfeddes_cm = [-10, -25, -400, -800, -8000]\nsalt_threshold_ds_m = 6.8\nsalt_slope_pct_per_ds_m = 16\n",
        "",
    );
    let s = parse(&text, &dir).unwrap();
    let p = s.plant.as_ref().unwrap();
    assert!(!p.root_depth_fixed);
    assert!(p.params.is_some());
    // The roots grow over the series' days, never below the column.
    let roots = &s.forcing.root_depth_by_day_cm;
    assert_eq!(roots.len(), 10);
    assert!(roots.windows(2).all(|w| w[1] >= w[0]) && roots[9] <= 100.0);
    assert!(s.column.plant.is_some());
}

const WEATHER_FORCING: &str = "[forcing]\nweather = \"w.csv\"\n";

fn weather_dir(name: &str, days: u32) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("date,tmin_c,tmax_c,precip_mm\n");
    for d in 1..=days {
        text.push_str(&format!("2027-03-{d:02},5,18,0\n"));
    }
    std::fs::write(dir.join("w.csv"), text).unwrap();
    dir
}

#[test]
fn weather_forcing_needs_the_site_and_every_day() {
    let text = GOOD
        .replace("[forcing]\nseries = \"series.csv\"\n", WEATHER_FORCING)
        .replace("latitude_deg = 43.77\n", "");
    let dir = weather_dir("weather_short", 7);
    let all = parse(&text, &dir).unwrap_err().to_string();
    has(&all, "s.toml: site.latitude_deg: missing key");
    let text = GOOD.replace("[forcing]\nseries = \"series.csv\"\n", WEATHER_FORCING);
    let all = parse(&text, &dir).unwrap_err().to_string();
    has(
        &all,
        "w.csv: date: no rows for 3 dates the run needs, from 2027-03-08 to 2027-03-10",
    );
}

#[test]
fn weather_forcing_with_a_species_reads() {
    let text = GOOD.replace("[forcing]\nseries = \"series.csv\"\n", WEATHER_FORCING);
    let dir = weather_dir("weather_ok", 10);
    let s = parse(&text, &dir).unwrap();
    assert_eq!(s.forcing.et0_cm.len(), 10);
    assert!(s.forcing.et0_cm.iter().all(|e| *e > 0.0 && *e < 1.0));
    // The explicit rooting depth holds.
    assert!(s.forcing.root_depth_by_day_cm.is_empty());
    assert_eq!(s.forcing.root_depth_cm, 50.0);
}

#[test]
fn cover_fraction_needs_a_plant_and_a_range() {
    let dir = weather_dir("weather_cover", 10);
    let text = GOOD.replace(
        "[forcing]\nseries = \"series.csv\"\n",
        &format!("{WEATHER_FORCING}cover_fraction = 1.5\n"),
    );
    has(
        &parse(&text, &dir).unwrap_err().to_string(),
        "s.toml: forcing.cover_fraction = 1.5: must be >= 0 and <= 1",
    );
    let no_plant = text[..text.find("[[plants]]").unwrap()]
        .replace("cover_fraction = 1.5", "cover_fraction = 0.5");
    has(
        &parse(&no_plant, &dir).unwrap_err().to_string(),
        "s.toml: forcing.cover_fraction: a cover fraction needs a [[plants]] table",
    );
}

#[test]
fn solver_accuracy_is_a_choice() {
    let text = GOOD.replace(
        "output_interval_d = 1\n",
        "output_interval_d = 1\naccuracy = \"exact\"\n",
    );
    has(
        &errors(&text),
        "s.toml: simulation.accuracy = \"exact\": must be one of \"fast\", \"reference\"",
    );
}

#[test]
fn air_entry_head_wraps_van_genuchten_and_is_checked() {
    use aralkum_core::soil::{HydraulicFunctions, SoilHydraulics};
    let dir = series_dir("air_entry", 10, None);
    let text = GOOD.replace(VG_LAYER0, "texture = \"clay\"\nair_entry_cm = -2\n");
    let s = parse(&text, &dir).unwrap();
    let h = &s.column.layers[0].hydraulics;
    assert!(
        matches!(h, SoilHydraulics::VanGenuchtenAirEntry(m) if m.air_entry_cm() == -2.0),
        "{h:?}"
    );
    // Saturated from h_s = -2 cm on (Vogel et al. 2001); Carsel & Parrish clay theta_s 0.38.
    assert_eq!(h.theta(-1.5), 0.38);
    assert!(h.theta(-2.5) < 0.38);
    // 0 is the unmodified model.
    let s = parse(
        &GOOD.replace(VG_LAYER0, "texture = \"clay\"\nair_entry_cm = 0\n"),
        &dir,
    )
    .unwrap();
    assert!(matches!(
        s.column.layers[0].hydraulics,
        SoilHydraulics::VanGenuchten(_)
    ));
    has(
        &errors(&GOOD.replace(VG_LAYER0, "texture = \"clay\"\nair_entry_cm = 2\n")),
        "s.toml: soil.layers[0].air_entry_cm = 2: must be",
    );
    has(
        &errors(&GOOD.replace(VG_LAYER0, "texture = \"clay\"\nair_entry_cm = -500\n")),
        "s.toml: soil.layers[0].air_entry_cm = -500: must be",
    );
    let gardner = "ks_cm_d = 10\n";
    has(
        &errors(&GOOD.replace(gardner, "ks_cm_d = 10\nair_entry_cm = -2\n")),
        "s.toml: soil.layers[1].air_entry_cm = -2: only the van_genuchten model has an air-entry head",
    );
}
