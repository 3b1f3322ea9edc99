//! Acceptance of `aralkum plan` on the other two built-in seabed sites (issue 4; archetypes A
//! and C of reference/aral-domain.md section 9). On the saline takyr clay (ECe 12 over 18 dS/m,
//! groundwater at 2 m with 25 g/L, 4000 m3/ha of river water) salt-tolerant barley outranks
//! sorghum, which cannot keep its root zone below its survival limit; on the sandy plain (ECe
//! 4 over 3 dS/m, groundwater at 3 m) a perennial forage or shrub gives the most cover. On both,
//! no viable option's seasonal root-zone ECe reached its survival limit.

use aralkum_scenario::plan::{load_site, make_plan, Plan};
use aralkum_scenario::species::SpeciesKind;
use std::path::Path;

fn plan(site: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../data/sites/{site}.toml"));
    let site = load_site(&path).unwrap_or_else(|e| panic!("{e}"));
    make_plan(&site, &|_, _| {}).unwrap_or_else(|e| panic!("{e}"))
}

fn best_rank(plan: &Plan, species: &str) -> Option<usize> {
    plan.options
        .iter()
        .filter(|o| o.run.species == species)
        .filter_map(|o| o.rank)
        .min()
}

fn assert_no_dead_plant_viable(plan: &Plan) {
    for o in plan.options.iter().filter(|o| o.viable) {
        let peak = o
            .run
            .years
            .iter()
            .map(|y| y.season_ece_ds_m)
            .fold(0.0, f64::max);
        assert!(
            peak < o.run.survival_ece_ds_m,
            "{} {:?}: {peak} >= {}",
            o.run.species,
            o.run.strategy,
            o.run.survival_ece_ds_m
        );
    }
}

#[test]
fn takyr_clay_barley_outranks_sorghum() {
    let plan = plan("takyr_clay");
    assert_no_dead_plant_viable(&plan);
    let barley = best_rank(&plan, "barley").expect("barley has a viable option");
    if let Some(sorghum) = best_rank(&plan, "sorghum") {
        assert!(barley < sorghum, "barley {barley}, sorghum {sorghum}");
    }
    let best = plan.options.iter().find(|o| o.rank == Some(1)).unwrap();
    assert!(
        ["barley", "kochia_prostrata", "glycyrrhiza_glabra"].contains(&best.run.species.as_str()),
        "{}",
        best.run.species
    );
}

#[test]
fn sandy_plain_cover_comes_from_a_perennial() {
    let plan = plan("sandy_plain");
    assert_no_dead_plant_viable(&plan);
    let best = plan.options.iter().find(|o| o.rank == Some(1)).unwrap();
    assert_ne!(best.run.kind, SpeciesKind::Crop, "{}", best.run.species);
}
