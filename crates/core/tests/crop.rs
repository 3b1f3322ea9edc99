//! Crop and shrub growth (`aralkum_core::crop`) against hand computations of the published
//! equations and the salinity reference vectors (reference/vectors/salinity, each with its .json).

use aralkum_core::crop::cover::{
    cover_frac_eq76, kc_max_eq72, kcb_sparse_eq98, ShrubCover, KC_MAX_STANDARD, KC_MIN,
};
use aralkum_core::crop::forage::{carrying_capacity_au_ha, forage_dm, AU_INTAKE_KG_DM_D};
use aralkum_core::crop::roots::{root_depth_annual_cm, root_depth_perennial_cm};
use aralkum_core::crop::split::{split_etc_by_cover, split_sparse_shrub};
use aralkum_core::crop::yield_response::{
    biomass_g_m2, g_m2_to_t_ha, relative_yield_ky, sum_tr_over_et0, yield_from_biomass,
};
use aralkum_core::crop::*;

fn vectors(path: &str) -> String {
    let full = format!(
        "{}/../../reference/vectors/{}",
        env!("CARGO_MANIFEST_DIR"),
        path
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Rows of a simple CSV (no quoted commas) as maps from column name to text.
fn rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

fn num(row: &std::collections::HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {}", row[key]))
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b} (tolerance {tol})");
}

/// FAO-56 dry-bean Kc curve of ch. 6 (Kc 0.15 / 1.19 / 0.35 after adjustment; stages
/// 25 / 25 / 30 / 20 days, FAO-56 Table 11's dry beans, Idaho row).
fn bean() -> KcCurve {
    KcCurve {
        kc_ini: 0.15,
        kc_mid: 1.19,
        kc_end: 0.35,
        l_ini_d: 25.0,
        l_dev_d: 25.0,
        l_mid_d: 30.0,
        l_late_d: 20.0,
    }
}

/// Barley of the species table (FAO-56 Tables 11 and 12: 0.3 / 1.15 / 0.25; 20 / 25 / 60 / 30).
fn barley() -> SpeciesParams {
    SpeciesParams {
        salt: SaltTolerance::MaasHoffman {
            threshold_ds_m: 8.0,
            slope_pct_per_ds_m: 5.0,
        },
        survival_ece_ds_m: 28.0,
        feddes: FeddesHeads {
            h1_cm: 0.0,
            h2_cm: -1.0,
            h3_high_cm: -500.0,
            h3_low_cm: -900.0,
            h4_cm: -16000.0,
        },
        roots: RootParams {
            min_cm: 30.0,
            max_cm: 125.0,
            growth: RootGrowth::Days(45.0),
        },
        canopy: Canopy::KcCurve(KcCurve {
            kc_ini: 0.3,
            kc_mid: 1.15,
            kc_end: 0.25,
            l_ini_d: 20.0,
            l_dev_d: 25.0,
            l_mid_d: 60.0,
            l_late_d: 30.0,
        }),
        max_height_m: 1.0,
        ky: 1.0,
        wp_star_g_m2: 15.0,
        harvest_index: Some(0.33),
        forage_fraction: 0.6,
        crude_protein_pct_dm: Some(4.0),
    }
}

/// Black saxaul of the species table (cover 0.02 -> 0.35 over 8 years, Kcb,full 0.73, 3 m).
fn saxaul() -> SpeciesParams {
    SpeciesParams {
        salt: SaltTolerance::SShape {
            ece50_ds_m: 30.0,
            exponent: 3.0,
        },
        survival_ece_ds_m: 60.0,
        feddes: FeddesHeads {
            h1_cm: -10.0,
            h2_cm: -25.0,
            h3_high_cm: -2000.0,
            h3_low_cm: -5000.0,
            h4_cm: -40000.0,
        },
        roots: RootParams {
            min_cm: 20.0,
            max_cm: 500.0,
            growth: RootGrowth::Years(5.0),
        },
        canopy: Canopy::CoverCurve {
            cover: ShrubCover {
                initial_frac: 0.02,
                max_frac: 0.35,
                years_to_max: 8.0,
            },
            kcb_full: 0.73,
            active_season_d: 210.0,
        },
        max_height_m: 3.0,
        ky: 1.0,
        wp_star_g_m2: 20.0,
        harvest_index: None,
        forage_fraction: 0.3,
        crude_protein_pct_dm: Some(10.0),
    }
}

#[test]
fn kc_curve_fao56_eq66_dry_bean() {
    // FAO-56 eq. 66 by hand: day 20 initial; day 40: 0.15 + (40-25)/25 (1.19-0.15) = 0.774;
    // day 70 mid-season; day 95: 1.19 + (95-80)/20 (0.35-1.19) = 0.56. FAO-56's dry-bean example
    // prints 0.77 and 0.56 (rounded to 2 decimals). Tolerance 1e-12 (exact arithmetic).
    let c = bean();
    close(c.kc_at(20.0).unwrap(), 0.15, 1e-12, "day 20");
    close(c.kc_at(40.0).unwrap(), 0.774, 1e-12, "day 40");
    close(c.kc_at(70.0).unwrap(), 1.19, 1e-12, "day 70");
    close(c.kc_at(95.0).unwrap(), 0.56, 1e-12, "day 95");
    assert_eq!(c.stage_at(40.0), KcStage::Development);
    assert_eq!(c.stage_at(95.0), KcStage::LateSeason);
    assert_eq!(c.kc_at(101.0), None);
}

#[test]
fn kc_curve_barley_table_values() {
    // Barley, FAO-56 Tables 11-12: 135-day season; end of development (day 45) reaches Kc,mid;
    // day 120 in the late season: 1.15 + (120-105)/30 (0.25-1.15) = 0.70.
    let Canopy::KcCurve(c) = barley().canopy else {
        unreachable!()
    };
    close(c.season_length_d(), 135.0, 0.0, "season length");
    close(c.kc_at(45.0).unwrap(), 1.15, 1e-12, "day 45");
    close(c.kc_at(120.0).unwrap(), 0.70, 1e-12, "day 120");
    close(c.kc_at(135.0).unwrap(), 0.25, 1e-12, "harvest");
}

#[test]
fn cover_from_kc_fao56_eq76() {
    // ((0.8 - 0.15) / (1.2 - 0.15))^(1 + 0.5 x 1) = 0.619048^1.5 = 0.487064 (hand computation).
    close(
        cover_frac_eq76(0.8, KC_MIN, KC_MAX_STANDARD, 1.0),
        0.4870640620,
        1e-9,
        "fc",
    );
    // Eq. 72 climate term: u2 = 4 m/s, RHmin = 25 %, h = 3 m: 1.2 + 0.08 + 0.08 = 1.36.
    close(kc_max_eq72(4.0, 25.0, 3.0, 1.0), 1.36, 1e-12, "Kc,max");
}

#[test]
fn sparse_vegetation_fao56_eq98() {
    // Kcb = 0.15 + (0.73 - 0.15) min(1, 2 x 0.2, 0.2^(1/4)) = 0.15 + 0.58 x 0.4 = 0.382.
    close(kcb_sparse_eq98(0.15, 0.73, 0.2, 3.0), 0.382, 1e-12, "Kcb");
    // Dense low canopy: fc^(1/(1+h)) governs: 0.8^(1/1.5) = 0.861774.
    close(
        kcb_sparse_eq98(0.0, 1.0, 0.8, 0.5),
        0.8f64.powf(1.0 / 1.5),
        1e-12,
        "Kcb dense",
    );
}

#[test]
fn etc_split_by_cover() {
    let s = split_etc_by_cover(0.6, 0.3);
    close(s.transp_pot_cm_d, 0.18, 1e-12, "Tp");
    close(s.evap_pot_cm_d, 0.42, 1e-12, "Ep");
    // Shrub: ET0 0.7 cm/d, fc 0.2, h 3, Kcb,full 0.73, Kc,max 1.2: Kt = 0.73 x 0.4 = 0.292,
    // Ke = min(1.2 - 0.292, 0.8 x 1.2) = 0.908; Tp = 0.2044, Ep = 0.6356.
    let s = split_sparse_shrub(0.7, 0.2, 3.0, 0.73, 1.2, true);
    close(s.transp_pot_cm_d, 0.2044, 1e-12, "shrub Tp");
    close(s.evap_pot_cm_d, 0.6356, 1e-12, "shrub Ep");
    let dormant = split_sparse_shrub(0.7, 0.2, 3.0, 0.73, 1.2, false);
    assert_eq!(dormant.transp_pot_cm_d, 0.0);
    close(dormant.evap_pot_cm_d, 0.8 * 1.2 * 0.7, 1e-12, "dormant Ep");
}

#[test]
fn root_depth_growth() {
    // Barley: 30 cm at sowing, 125 cm at day 45, linear: day 22.5 -> 77.5 cm.
    close(
        root_depth_annual_cm(30.0, 125.0, 45.0, 22.5),
        77.5,
        1e-12,
        "day 22.5",
    );
    close(
        root_depth_annual_cm(30.0, 125.0, 45.0, 100.0),
        125.0,
        1e-12,
        "after",
    );
    close(
        root_depth_annual_cm(30.0, 125.0, 45.0, -3.0),
        30.0,
        1e-12,
        "before",
    );
    // Saxaul: 20 cm at planting, 500 cm after 5 years: 2 years -> 212 cm.
    close(
        root_depth_perennial_cm(20.0, 500.0, 5.0, 2.0),
        212.0,
        1e-12,
        "2 years",
    );
}

#[test]
fn ky_relative_yield_fao33() {
    // 1 - Ya/Ym = Ky (1 - ETa/ETm): maize Ky 1.25 at ETa/ETm 0.8 -> 0.75; cotton Ky 0.85 at
    // 0.5 -> 0.575; maize with no water -> 1 - 1.25 < 0 -> clamped to 0; no deficit -> 1.
    close(relative_yield_ky(80.0, 100.0, 1.25), 0.75, 1e-12, "maize");
    close(relative_yield_ky(50.0, 100.0, 0.85), 0.575, 1e-12, "cotton");
    assert_eq!(relative_yield_ky(0.0, 100.0, 1.25), 0.0);
    assert_eq!(relative_yield_ky(100.0, 100.0, 1.25), 1.0);
    assert_eq!(relative_yield_ky(0.0, 0.0, 1.25), 1.0);
}

#[test]
fn ky_reproduces_fao56_salinity_ks_vector() {
    // FAO-56 ch. 8: the transpiration reduction Ks that, through FAO-33's Ky, gives the
    // Maas-Hoffman yield. Where Ks > 0, 1 - Ky (1 - Ks) must equal the vector's relative yield
    // (tolerance 1e-9 as in its .json).
    let text = vectors("salinity/fao56_ks_salinity.csv");
    let mut n = 0;
    for r in rows(&text) {
        let ks = num(&r, "ks_salinity");
        if ks <= 0.0 {
            continue;
        }
        let ry = relative_yield_ky(ks, 1.0, num(&r, "ky"));
        close(ry * 100.0, num(&r, "relative_yield_pct"), 1e-7, &r["crop"]);
        n += 1;
    }
    assert!(n >= 20, "only {n} rows");
}

#[test]
fn maas_hoffman_steady_state_vector() {
    // Maas & Hoffman (1977) relative yield at steady ECe (reference vector, tolerance 1e-9).
    let text = vectors("salinity/maas_hoffman.csv");
    let rows = rows(&text);
    assert!(rows.len() >= 20);
    for r in rows {
        let salt = SaltTolerance::MaasHoffman {
            threshold_ds_m: num(&r, "threshold_ds_m"),
            slope_pct_per_ds_m: num(&r, "slope_pct_per_ds_m"),
        };
        close(
            salt.relative_yield(num(&r, "ece_ds_m")),
            num(&r, "relative_yield"),
            1e-9,
            "relative yield",
        );
    }
}

#[test]
fn ece_at_relative_yield_fao29_table4() {
    // FAO-29 Table 4 yield potential: ECe at 100, 90, 75, 50 and 0 % (vector, 1e-9 on the formula).
    let text = vectors("salinity/fao29_yield_potential.csv");
    for r in rows(&text) {
        let salt = SaltTolerance::MaasHoffman {
            threshold_ds_m: num(&r, "ece_threshold_ds_m"),
            slope_pct_per_ds_m: num(&r, "slope_pct_per_ds_m"),
        };
        let ry = num(&r, "relative_yield_pct") / 100.0;
        close(
            salt.ece_at_relative_yield(ry),
            num(&r, "ece_ds_m"),
            1e-7,
            &r["crop"],
        );
    }
    // S-shape: growth halves at ECe50 and the inverse is exact.
    let s = SaltTolerance::SShape {
        ece50_ds_m: 30.0,
        exponent: 3.0,
    };
    close(s.ece_at_relative_yield(0.5), 30.0, 1e-12, "ECe50");
    close(
        s.relative_yield(s.ece_at_relative_yield(0.8)),
        0.8,
        1e-12,
        "inverse",
    );
}

#[test]
fn tolerance_rule() {
    // Barley: 50 % at 18 dS/m (FAO-29 Table 4), so it tolerates 18 but not 18.5; saxaul: ECe50 30.
    let b = barley();
    assert!(b.tolerates(18.0));
    assert!(!b.tolerates(18.5));
    let s = saxaul();
    assert!(s.tolerates(20.0));
    assert!(!s.tolerates(31.0));
    assert!(s.survives(59.0) && !s.survives(60.0));
}

#[test]
fn biomass_yield_and_forage() {
    // Steduto et al. (2009): B = WP* sum(Tr/ET0). 100 days at Tr/ET0 = 0.8 with WP* 33.7 g/m2:
    // B = 2696 g/m2 = 26.96 t/ha; HI 0.48 -> 12.9408 t/ha.
    let tr = vec![0.4; 100];
    let et0 = vec![0.5; 100];
    let s = sum_tr_over_et0(&tr, &et0);
    close(s, 80.0, 1e-9, "sum Tr/ET0");
    let b = biomass_g_m2(33.7, s);
    close(g_m2_to_t_ha(b), 26.96, 1e-9, "biomass");
    close(
        g_m2_to_t_ha(yield_from_biomass(0.48, b)),
        12.9408,
        1e-9,
        "yield",
    );
    // Days without reference demand add nothing.
    close(
        sum_tr_over_et0(&[0.1, 0.2], &[0.0, 0.4]),
        0.5,
        1e-12,
        "et0 = 0",
    );
    // Carrying capacity: 3000 kg/ha biomass x 0.5 forage = 1500 kg DM/ha; 30 % use; 11.8 kg/d
    // per AU (Holechek 1988) over 180 days: 450 / 2124 = 0.211864 AU/ha.
    let f = forage_dm(3000.0, 0.5);
    close(
        carrying_capacity_au_ha(f, 0.3, AU_INTAKE_KG_DM_D, 180.0),
        0.2118644068,
        1e-9,
        "AU/ha",
    );
}

#[test]
fn daily_potential_crop_and_shrub() {
    // Barley on day 45 (start of mid-season): Kc 1.15; cover by eq. 76 on the basal-like curve,
    // ((1.15 - 0.15)/(1.2 - 0.15))^1.5 = 0.929429; ET0 0.6 cm/d -> ETc 0.69, Tp 0.641306.
    let d = daily_potential(&barley(), 0.6, 45.0, 0.0, KC_MAX_STANDARD);
    assert!(d.in_season);
    close(d.kc, 1.15, 1e-12, "Kc");
    close(d.cover_frac, 0.9294286409, 1e-9, "fc");
    close(d.split.transp_pot_cm_d, 0.6413057622, 1e-9, "Tp");
    close(d.split.total_cm_d(), 0.69, 1e-12, "ETc");
    close(d.root_depth_cm, 125.0, 1e-12, "roots");
    // Initial stage: no cover yet, ETc is all evaporation.
    let d = daily_potential(&barley(), 0.6, 10.0, 0.0, KC_MAX_STANDARD);
    assert_eq!(d.split.transp_pot_cm_d, 0.0);
    close(d.split.evap_pot_cm_d, 0.18, 1e-12, "Ep ini");
    // After harvest: bare soil, Kc,max ET0.
    let d = daily_potential(&barley(), 0.6, 200.0, 0.0, KC_MAX_STANDARD);
    assert!(!d.in_season);
    close(d.split.evap_pot_cm_d, 0.72, 1e-12, "bare Ep");

    // Saxaul in its 9th year (8 years since planting, day 100): fc = 0.35 - 0.33 e^-3.0342...;
    // Tp = Kcb,full min(1, 2 fc, fc^(1/4)) ET0 with the cover at 8 + 100/365.25 years.
    let p = saxaul();
    let d = daily_potential(&p, 0.7, 100.0, 8.0, KC_MAX_STANDARD);
    let years = 8.0 + 100.0 / 365.25;
    let fc = 0.35 - 0.33 * (-3.0 * years / 8.0f64).exp();
    close(d.cover_frac, fc, 1e-12, "shrub fc");
    let kt = 0.73 * (2.0 * fc).min(fc.powf(0.25)).min(1.0);
    close(d.split.transp_pot_cm_d, kt * 0.7, 1e-12, "shrub Tp");
    close(d.root_depth_cm, 500.0, 1e-12, "shrub roots");
    // Dormant season (day 300 > 210 active days): no transpiration.
    let d = daily_potential(&p, 0.2, 300.0, 8.0, KC_MAX_STANDARD);
    assert!(!d.in_season);
    assert_eq!(d.split.transp_pot_cm_d, 0.0);
}

#[test]
fn feddes_and_salt_conversion_for_the_solver() {
    let p = barley();
    let f = p.feddes.to_feddes();
    assert_eq!(f.h3_high_cm, -500.0);
    assert_eq!((f.tp_high_cm_d, f.tp_low_cm_d), (0.5, 0.1));
    match saxaul().salt.salt_stress() {
        aralkum_core::column::SaltStress::SShape {
            ec50_ds_m,
            exponent,
        } => assert_eq!((ec50_ds_m, exponent), (30.0, 3.0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn transpiration_factor_fao56_ks_vector() {
    // FAO-56 ch. 8: Ks = 1 - b/(Ky 100) (ECe - threshold), floored at 0 (vector, 1e-9).
    let text = vectors("salinity/fao56_ks_salinity.csv");
    let rows = rows(&text);
    assert!(rows.len() >= 40);
    for r in rows {
        let salt = SaltTolerance::MaasHoffman {
            threshold_ds_m: num(&r, "ece_threshold_ds_m"),
            slope_pct_per_ds_m: num(&r, "slope_pct_per_ds_m"),
        };
        close(
            salt.transpiration_factor(num(&r, "ece_ds_m"), num(&r, "ky")),
            num(&r, "ks_salinity"),
            1e-9,
            &r["crop"],
        );
    }
}

#[test]
fn solver_salt_stress_reproduces_maas_hoffman_through_ky() {
    // Maize (threshold 1.7, slope 12, Ky 1.25): the uptake stress has slope 12/1.25 = 9.6, and
    // Ky applied to the reduced transpiration gives back Maas-Hoffman (FAO-56 ch. 8) wherever
    // the stress is above 0; e.g. ECe 5: Ks = 1 - 0.096 x 3.3 = 0.6832 and
    // 1 - 1.25 x 0.3168 = 0.604 = 1 - 0.12 x 3.3.
    let mut maize = barley();
    maize.salt = SaltTolerance::MaasHoffman {
        threshold_ds_m: 1.7,
        slope_pct_per_ds_m: 12.0,
    };
    maize.ky = 1.25;
    let stress = maize.solver_salt_stress();
    match stress {
        aralkum_core::column::SaltStress::MaasHoffman {
            threshold_ds_m,
            slope_pct_per_ds_m,
        } => {
            assert_eq!(threshold_ds_m, 1.7);
            close(slope_pct_per_ds_m, 9.6, 1e-12, "slope / Ky");
        }
        other => panic!("{other:?}"),
    }
    for ece in [0.0, 2.0, 5.0, 8.0, 10.0] {
        let ks = aralkum_core::column::uptake::salt_alpha(&stress, ece);
        let ry = relative_yield_ky(ks, 1.0, maize.ky);
        close(ry, maize.relative_yield_salinity(ece), 1e-12, "ECe");
    }
    close(
        maize.salt.transpiration_factor(5.0, 1.25),
        0.6832,
        1e-12,
        "Ks at 5",
    );
}

#[test]
fn season_outcome_barley() {
    // Ta 30 cm of Tp 40 cm (Ky 1.0): RY 0.75; sum(Tr/ET0) 60 with WP* 15 g/m2: B = 900 g/m2 =
    // 9 t/ha; HI 0.33 -> 2.97 t/ha; forage 0.6 x 9 = 5.4 t/ha; 5400 kg x 0.3 / (11.8 x 365) =
    // 0.3761318783 AU/ha; ECe 10 < 28: survived.
    let t = SeasonTotals {
        transp_cm: 30.0,
        transp_pot_cm: 40.0,
        sum_tr_over_et0: 60.0,
        root_zone_ece_ds_m: 10.0,
    };
    let o = season_outcome(&barley(), &t, &Grazing::default());
    close(o.relative_yield, 0.75, 1e-12, "RY");
    close(o.biomass_t_ha, 9.0, 1e-12, "B");
    close(o.yield_t_ha, 2.97, 1e-12, "Y");
    close(o.forage_t_ha, 5.4, 1e-12, "forage");
    close(o.carrying_capacity_au_ha, 0.3761318783, 1e-9, "AU/ha");
    assert!(o.survived);
    let dead = season_outcome(
        &barley(),
        &SeasonTotals {
            root_zone_ece_ds_m: 28.0,
            ..t
        },
        &Grazing::default(),
    );
    assert!(!dead.survived);
    // A species without harvest index yields its forage.
    let s = season_outcome(&saxaul(), &t, &Grazing::default());
    close(s.yield_t_ha, s.forage_t_ha, 0.0, "shrub yield");
    close(
        s.forage_t_ha,
        0.3 * 20.0 * 60.0 * 0.01,
        1e-12,
        "shrub forage",
    );
}
