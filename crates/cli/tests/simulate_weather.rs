//! Weather-driven forcing through `aralkum simulate`: FAO-56 ET0 from a weather file reaches the
//! column as potential evaporation (bare soil), is split by a given cover, or by a species' Kc
//! curve with relative yield and biomass in `summary.json`.

use aralkum_scenario::species::find_species;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn simulate(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("simulate_weather")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_aralkum"))
        .arg("simulate")
        .arg(repo().join("tests/scenarios").join(format!("{name}.toml")))
        .args(["--out".as_ref(), out.as_os_str(), "--quiet".as_ref()])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
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
    row[key].parse().unwrap()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn balances(s: &serde_json::Value) {
    let w = s["water_balance_error_pct"].as_f64().unwrap();
    let c = s["salt_balance_error_pct"].as_f64().unwrap();
    assert!(w.abs() < 0.1 && c.abs() < 0.5, "balances {w} %, {c} %");
}

/// Reference ET0 (cm) and rain (cm) by date from the vector the scenarios read their weather from.
fn reference() -> BTreeMap<String, (f64, f64)> {
    table(&repo().join("reference/vectors/et0/aral_year_shared.csv"))
        .into_iter()
        .map(|r| {
            (
                r["date"].clone(),
                (f(&r, "et0_mm") / 10.0, f(&r, "precip_mm") / 10.0),
            )
        })
        .collect()
}

/// Bare soil: potential evaporation = ET0. Tolerance of the ET0 vector's json: 1 % or 0.05 mm.
#[test]
fn bare_soil_evaporates_at_et0() {
    let out = simulate("weather_bare");
    let refs = reference();
    let daily = table(&out.join("daily.csv"));
    assert_eq!(daily.len(), 60);
    for row in &daily {
        let (et0, rain) = refs[&row["date"]];
        let ep = f(row, "evaporation_pot_cm");
        assert!(
            (ep - et0).abs() <= (0.01 * et0).max(0.005),
            "{}: Ep {ep} vs ET0 {et0} cm",
            row["date"]
        );
        assert!(
            (f(row, "precip_cm") - rain).abs() < 1e-12,
            "{}",
            row["date"]
        );
        assert_eq!(f(row, "transpiration_pot_cm"), 0.0);
    }
    let s = summary(&out);
    balances(&s);
    assert!(s.get("relative_yield").is_none());
}

/// A given cover f(t) (0 at day 0 to 0.8 at day 40): Tp = 1.05 f ET0, Ep = 1.1 (1 - f) ET0, with
/// f at the middle of each day. Tolerance: the ET0 vector's 1 % (or 0.05 mm) times the
/// coefficients.
#[test]
fn cover_fraction_splits_et0() {
    let out = simulate("weather_cover");
    let refs = reference();
    for row in table(&out.join("daily.csv")) {
        let t = f(&row, "time_d");
        let cover = ((t - 0.5) / 40.0 * 0.8).min(0.8);
        let (et0, _) = refs[&row["date"]];
        let tol = (0.01 * et0).max(0.005) * 1.1;
        let tp = f(&row, "transpiration_pot_cm");
        let ep = f(&row, "evaporation_pot_cm");
        assert!((tp - 1.05 * cover * et0).abs() <= tol, "day {t}: Tp {tp}");
        assert!(
            (ep - 1.1 * (1.0 - cover) * et0).abs() <= tol,
            "day {t}: Ep {ep}"
        );
    }
    let s = summary(&out);
    balances(&s);
    // No species: relative yield is plain T / Tp and no biomass is claimed.
    let ry = s["relative_yield"].as_f64().unwrap();
    let ratio = s["cum_transpiration_cm"].as_f64().unwrap()
        / s["cum_transpiration_pot_cm"].as_f64().unwrap();
    assert!((ry - ratio).abs() < 1e-12);
    assert!(s.get("biomass_t_ha").is_none());
}

/// Sorghum from the species table: relative yield is FAO-33's 1 - Ky (1 - T/Tp) and biomass is
/// Steduto et al. (2009) WP* sum(Tr/ET0), both recomputed here from daily.csv and the ET0
/// vector (to the vector's 1 % on ET0).
#[test]
fn species_gives_relative_yield_and_biomass() {
    let out = simulate("weather_sorghum");
    let s = summary(&out);
    balances(&s);
    let sorghum = find_species("sorghum").unwrap().params;
    let (t, tp) = (
        s["cum_transpiration_cm"].as_f64().unwrap(),
        s["cum_transpiration_pot_cm"].as_f64().unwrap(),
    );
    assert!(tp > 0.0 && t > 0.0);
    let ry = s["relative_yield"].as_f64().unwrap();
    assert!((ry - (1.0 - sorghum.ky * (1.0 - t / tp)).clamp(0.0, 1.0)).abs() < 1e-9);
    let refs = reference();
    let sum: f64 = table(&out.join("daily.csv"))
        .iter()
        .map(|r| f(r, "transpiration_cm") / refs[&r["date"]].0)
        .sum();
    let expected_t_ha = sorghum.wp_star_g_m2 * sum * 0.01;
    let biomass = s["biomass_t_ha"].as_f64().unwrap();
    assert!(
        (biomass / expected_t_ha - 1.0).abs() <= 0.01,
        "biomass {biomass} vs {expected_t_ha} t/ha"
    );
    // The Kc curve starts bare (Kc ini, small cover) and the roots grow from the species' minimum.
    let daily = table(&out.join("daily.csv"));
    let first = &daily[0];
    assert!(f(first, "transpiration_pot_cm") < f(first, "evaporation_pot_cm"));
}
