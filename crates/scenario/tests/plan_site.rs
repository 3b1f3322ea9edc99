//! The site file of `aralkum plan` (INTERFACES section 5): the built-in archetype sites read as
//! the domain sheet describes them, and bad files give located messages, unknown species with
//! their closest ids (issue 4, acceptance: bad site files).

use aralkum_core::column::{BottomKind, InitialSalt};
use aralkum_core::soil::SoilHydraulics;
use aralkum_scenario::plan::site::{Climate, Objective};
use aralkum_scenario::plan::{load_site, parse_site, Site};
use aralkum_scenario::InputErrors;
use std::path::{Path, PathBuf};

fn sites_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sites")
}

fn site(name: &str) -> Site {
    load_site(&sites_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const GOOD: &str = r#"
[site]
name = "test"
station = "moynaq"

[grid]
depth_cm = 150
nodes = 31

[[soil.layers]]
bottom_cm = 150
texture = "loam"

[initial]
ece_ds_m = 8

[groundwater]
depth_cm = 250
salt_g_l = 5

[water]
volume_m3_ha = 6000
salt_g_l = 1.0
season = ["04-15", "09-30"]

[plan]
years = 2
objective = "yield"
species = ["barley", "maize"]
"#;

fn parse(text: &str) -> Result<Site, InputErrors> {
    parse_site(text, "site.toml", Path::new("."))
}

fn errors(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn archetype_b_reads_as_the_domain_sheet_gives_it() {
    // reference/aral-domain.md section 9, archetype B.
    let s = site("loamy_solonchak.toml");
    assert!(matches!(&s.climate, Climate::Station(st) if st.id == "moynaq"));
    assert_eq!(s.groundwater_depth_cm, 110.0);
    assert_eq!(s.groundwater_salt_g_l, 45.0);
    assert_eq!(
        s.column.bottom.kind,
        BottomKind::WaterTable { depth_cm: 110.0 }
    );
    assert_eq!(s.column.bottom.salt_g_l, 45.0);
    assert_eq!(s.water.volume_m3_ha, 2500.0);
    assert_eq!(s.water.salt_g_l, 3.0);
    assert_eq!(s.water.season_length_d(), 183);
    assert_eq!(s.years, 3);
    assert_eq!(s.objective, Objective::Cover);
    // Texture classes resolve to the Carsel & Parrish (1988) class averages: loam theta_s 0.43,
    // Ks 24.96 cm/d; silt loam alpha 0.020, n 1.41.
    match (
        &s.column.layers[0].hydraulics,
        &s.column.layers[1].hydraulics,
    ) {
        (SoilHydraulics::VanGenuchten(a), SoilHydraulics::VanGenuchten(b)) => {
            assert_eq!((a.theta_s, a.ks_cm_d), (0.43, 24.96));
            assert_eq!((b.alpha_per_cm, b.n), (0.020, 1.41));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(s.column.initial_salt, InitialSalt::EceProfile(_)));
    // 40 dS/m over 0-30 cm: the thickness-weighted mean over the top nodes is 40 to within the
    // half-cell that reaches into the 30-31 cm step (< 1 %).
    assert!(
        (s.initial_root_zone_ece_ds_m - 40.0).abs() < 0.4,
        "{}",
        s.initial_root_zone_ece_ds_m
    );
    assert!(s.species.iter().any(|x| x.id == "tamarix_hispida"));
}

#[test]
fn every_built_in_site_reads() {
    for (name, volume, station) in [
        ("sandy_plain.toml", 2000.0, "moynaq"),
        ("loamy_solonchak.toml", 2500.0, "moynaq"),
        ("takyr_clay.toml", 4000.0, "kungrad"),
    ] {
        let s = site(name);
        assert_eq!(s.water.volume_m3_ha, volume, "{name}");
        assert!(matches!(&s.climate, Climate::Station(st) if st.id == station));
        assert!(!s.species.is_empty());
    }
    // Archetype C: ECe 12 over 0-30 cm.
    assert!((site("takyr_clay.toml").initial_root_zone_ece_ds_m - 12.0).abs() < 0.2);
}

#[test]
fn a_good_site_reads_and_defaults_to_all_species() {
    let s = parse(GOOD).unwrap();
    assert_eq!(s.species.len(), 2);
    assert_eq!(s.objective, Objective::Yield);
    assert_eq!(s.water.season_length_d(), 169);
    let all = parse(&GOOD.replace("species = [\"barley\", \"maize\"]", "")).unwrap();
    assert!(all.species.len() >= 25, "{}", all.species.len());
}

#[test]
fn unknown_species_lists_close_names() {
    let text = GOOD.replace("\"maize\"]", "\"haloxylon\", \"sorgum\"]");
    let e = errors(&text);
    assert!(
        e.contains("site.toml: plan.species[1] = \"haloxylon\": unknown species; did you mean")
            && e.contains("haloxylon_aphyllum")
            && e.contains("haloxylon_persicum"),
        "{e}"
    );
    assert!(
        e.contains("plan.species[2] = \"sorgum\"") && e.contains("sorghum"),
        "{e}"
    );
}

#[test]
fn bad_values_are_located_all_at_once() {
    let text = GOOD
        .replace("depth_cm = 250", "depth_cm = -5")
        .replace("objective = \"yield\"", "objective = \"money\"")
        .replace("[\"04-15\", \"09-30\"]", "[\"04-15\", \"13-01\"]")
        .replace("years = 2", "years = 0")
        .replace("ece_ds_m = 8", "ece_ds_m = -1");
    let e = errors(&text);
    for want in [
        "site.toml: groundwater.depth_cm = -5: out of range; allowed [0, 100000]",
        "site.toml: plan.objective = \"money\": allowed: forage, cover, yield, least_water, lowest_ece",
        "site.toml: water.season = [\"04-15\", \"13-01\"]",
        "site.toml: plan.years = 0: out of range; allowed 1 to 30",
    ] {
        assert!(e.contains(want), "missing {want:?} in\n{e}");
    }
}

#[test]
fn shared_tables_are_judged_by_the_scenario_validator() {
    // A salt value out of range in [initial] and a bad soil layer come back with the site
    // file's key paths.
    let text = GOOD
        .replace("ece_ds_m = 8", "ece_ds_m = -1")
        .replace("texture = \"loam\"", "texture = \"loamy clay sand\"");
    let e = errors(&text);
    assert!(
        e.contains(
            "site.toml: soil.layers[0].texture = \"loamy clay sand\": not a USDA texture class"
        ),
        "{e}"
    );
    let text = GOOD.replace("ece_ds_m = 8", "ece_ds_m = -1");
    let e = errors(&text);
    assert!(e.contains("site.toml: initial.ece_ds_m = -1"), "{e}");
}

#[test]
fn structural_errors_give_line_and_column() {
    let text = GOOD.replace("salt_g_l = 1.0", "salt_g_l = 1.0\nvolume_m3 = 3");
    let e = errors(&text);
    assert!(
        e.contains("site.toml: line 24, column 1") && e.contains("unknown key `volume_m3`"),
        "{e}"
    );
    let e = errors(&GOOD.replace("[plan]", "[plans]"));
    assert!(e.contains("unknown key `plans`"), "{e}");
}

#[test]
fn climate_needs_a_station_or_a_weather_file() {
    let e = errors(&GOOD.replace("station = \"moynaq\"", "station = \"moynak\""));
    assert!(
        e.contains("site.toml: site.station = moynak") || e.contains("moynaq"),
        "{e}"
    );
    let e = errors(&GOOD.replace("station = \"moynaq\"", ""));
    assert!(e.contains("site.station: missing key"), "{e}");
}
