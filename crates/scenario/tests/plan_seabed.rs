//! Acceptance of `aralkum plan` on the strongly saline seabed site (issue 4): on the built-in
//! loamy solonchak (archetype B of reference/aral-domain.md section 9: ECe 40 dS/m over 0-30 cm,
//! groundwater at 110 cm with 45 g/L, 2500 m3/ha of 3 g/L water) the halophytes outrank every
//! field crop, and no option is viable whose simulated root-zone ECe reached its survival limit
//! in a season.

use aralkum_scenario::plan::{load_site, make_plan, Plan};
use aralkum_scenario::species::SpeciesKind;
use std::path::Path;

fn plan_b() -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sites/loamy_solonchak.toml");
    let site = load_site(&path).unwrap_or_else(|e| panic!("{e}"));
    make_plan(&site, &|_, _| {}).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn halophytes_outrank_field_crops_and_dead_plants_are_not_viable() {
    let plan = plan_b();
    assert_eq!(plan.options.len(), 9 * 4);

    // Reclamation: 40 dS/m in the topsoil needs leaching for the most sensitive candidate,
    // wheat (Maas-Hoffman threshold 6.0 dS/m): Hoffman (1980) intermittent, Dw = 0.1 x 30 cm x
    // ECe_0 / 6.0, about 20 cm, within the year's 250 mm; the simulated topsoil ends fresher.
    let r = &plan.reclamation;
    assert!(
        (r.initial_ece_ds_m - 40.0).abs() < 0.5,
        "{}",
        r.initial_ece_ds_m
    );
    assert_eq!(r.target_species.as_deref(), Some("wheat"));
    assert!((r.target_ece_ds_m - 6.0).abs() < 1e-12);
    let dw = 0.1 * 30.0 * r.initial_ece_ds_m / 6.0;
    assert!(
        (r.needed_intermittent_cm - dw).abs() < 1e-9,
        "{}",
        r.needed_intermittent_cm
    );
    assert!(
        (r.applied_cm - dw.min(25.0)).abs() < 1e-9,
        "{}",
        r.applied_cm
    );
    assert!(r.lowest_ece_ds_m < r.initial_ece_ds_m);

    // The best option is a halophyte (or a halophytic shrub or forage shrub), not a crop.
    let best = plan
        .options
        .iter()
        .find(|o| o.viable)
        .expect("a viable option");
    assert_ne!(best.run.kind, SpeciesKind::Crop, "{}", best.run.species);

    // Every non-crop species with a viable option has its best option above every crop option.
    let crop_best = plan
        .options
        .iter()
        .filter(|o| o.run.kind == SpeciesKind::Crop)
        .filter_map(|o| o.rank)
        .min();
    let mut halophytes_ranked = 0;
    for o in plan
        .options
        .iter()
        .filter(|o| o.run.kind != SpeciesKind::Crop)
    {
        let Some(rank) = o.rank else { continue };
        let first_of_species = plan
            .options
            .iter()
            .find(|x| x.run.species == o.run.species && x.viable)
            .and_then(|x| x.rank);
        if first_of_species == Some(rank) {
            halophytes_ranked += 1;
            if let Some(c) = crop_best {
                assert!(rank < c, "{} ranks {rank}, a crop ranks {c}", o.run.species);
            }
        }
    }
    assert!(halophytes_ranked >= 3, "{halophytes_ranked}");

    // No viable option whose seasonal root-zone ECe reached its survival limit; every dead
    // plant's option says why.
    for o in &plan.options {
        let peak = o
            .run
            .years
            .iter()
            .map(|y| y.season_ece_ds_m)
            .fold(0.0, f64::max);
        if o.viable {
            assert!(
                peak < o.run.survival_ece_ds_m,
                "{} {:?}: {peak} >= {}",
                o.run.species,
                o.run.strategy,
                o.run.survival_ece_ds_m
            );
            assert_eq!(o.run.years.len(), plan.years);
        } else {
            assert!(o.rank.is_none());
            assert!(o.reason.starts_with("not viable: "), "{}", o.reason);
        }
        // Water within the yearly volume (2500 m3/ha = 250 mm).
        for y in &o.run.years {
            assert!(10.0 * y.irrigation_cm <= 250.0 + 1e-6);
        }
    }
}
