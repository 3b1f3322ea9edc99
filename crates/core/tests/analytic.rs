//! The column solver against analytical solutions (reference/vectors, each with its .json).
//!
//! These exercise the core directly; the same problems also run through scenario files and the
//! `aralkum simulate` command in the CLI tests.

use aralkum_core::column::*;
use aralkum_core::soil::{GardnerExponential, SoilHydraulics, VanGenuchtenMualem};

fn vectors(path: &str) -> String {
    let full = format!(
        "{}/../../reference/vectors/{}",
        env!("CARGO_MANIFEST_DIR"),
        path
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn spec(
    layers: Vec<SoilLayer>,
    depth: f64,
    nodes: usize,
    water: InitialWater,
    top: TopBoundary,
    bottom: BottomKind,
) -> ColumnSpec {
    ColumnSpec {
        depth_cm: depth,
        min_nodes: nodes,
        layers,
        initial_water: water,
        initial_salt: InitialSalt::Concentration(0.0),
        top,
        bottom: BottomBoundary {
            kind: bottom,
            salt_g_l: 0.0,
        },
        transport: TransportSpec {
            molecular_diffusion_cm2_d: 0.0,
            tortuosity: Tortuosity::None,
        },
        plant: None,
        tds_g_l_per_ds_m: 0.64,
    }
}

fn interp(depths: &[f64], values: &[f64], z: f64) -> f64 {
    let k = depths
        .partition_point(|&d| d < z)
        .clamp(1, depths.len() - 1);
    let (z0, z1) = (depths[k - 1], depths[k]);
    values[k - 1] + (values[k] - values[k - 1]) * (z - z0) / (z1 - z0)
}

/// Srivastava & Yeh (1991) eq. 12a: infiltration toward a water table in a Gardner soil.
/// Tolerance (vector's json): head within 1 % or 0.5 cm, theta within 0.005.
#[test]
fn srivastava_yeh_infiltration() {
    let data = rows(&vectors("richards/srivastava_yeh_shared.csv"));
    let soil = GardnerExponential {
        theta_r: 0.15,
        theta_s: 0.45,
        alpha_per_cm: 0.1,
        ks_cm_d: 24.0,
    };
    let initial: Vec<(f64, f64)> = data
        .iter()
        .filter(|r| r[0].parse::<f64>().unwrap() == 0.0)
        .map(|r| (r[1].parse().unwrap(), r[2].parse().unwrap()))
        .collect();
    let layer = SoilLayer {
        bottom_cm: 100.0,
        hydraulics: SoilHydraulics::Gardner(soil),
        dispersivity_cm: 1.0,
    };
    let s = spec(
        vec![layer],
        100.0,
        101,
        InitialWater::HeadProfile(initial),
        TopBoundary::Flux {
            flux_cm_d: 21.6,
            salt_g_l: 0.0,
        },
        BottomKind::ConstantHead { head_cm: 0.0 },
    );
    let mut column = Column::new(&s).unwrap();
    let mut times: Vec<f64> = data.iter().map(|r| r[0].parse().unwrap()).collect();
    times.dedup();
    let mut checked = 0;
    for &t in &times {
        if t > column.time_d() {
            column
                .advance(t - column.time_d(), &Forcing::default())
                .unwrap();
        }
        let p = column.profile();
        for r in data.iter().filter(|r| r[0].parse::<f64>().unwrap() == t) {
            let z: f64 = r[1].parse().unwrap();
            let h_ref: f64 = r[2].parse().unwrap();
            let th_ref: f64 = r[3].parse().unwrap();
            let h = interp(&p.depth_cm, &p.head_cm, z);
            let th = interp(&p.depth_cm, &p.theta, z);
            let tol_h = (0.01 * h_ref.abs()).max(0.5);
            assert!(
                (h - h_ref).abs() <= tol_h,
                "t {t} d, z {z} cm: head {h} vs {h_ref}"
            );
            assert!(
                (th - th_ref).abs() <= 0.005,
                "t {t} d, z {z} cm: theta {th} vs {th_ref}"
            );
            checked += 1;
        }
    }
    assert!(checked > 500);
}

/// van Genuchten & Alves (1982) solution A2 (third-type inlet): a salt front under steady
/// saturated flow. Tolerance (vector's json): 0.01 C0.
#[test]
fn third_type_salt_front() {
    let data = rows(&vectors("transport/third_type_shared.csv"));
    // Saturated column: theta_s = 0.4, Ks = the Darcy flux 10 cm/d, unit gradient.
    let soil = GardnerExponential {
        theta_r: 0.0,
        theta_s: 0.4,
        alpha_per_cm: 0.1,
        ks_cm_d: 10.0,
    };
    let layer = SoilLayer {
        bottom_cm: 600.0,
        hydraulics: SoilHydraulics::Gardner(soil),
        dispersivity_cm: 5.0,
    };
    let mut s = spec(
        vec![layer],
        600.0,
        601,
        InitialWater::Head(0.0),
        TopBoundary::Flux {
            flux_cm_d: 10.0,
            salt_g_l: 1.0,
        },
        BottomKind::FreeDrainage,
    );
    s.initial_salt = InitialSalt::Concentration(0.0);
    let mut column = Column::new(&s).unwrap();
    let mut times: Vec<f64> = data.iter().map(|r| r[0].parse().unwrap()).collect();
    times.dedup();
    let mut worst: f64 = 0.0;
    for &t in &times {
        column
            .advance(t - column.time_d(), &Forcing::default())
            .unwrap();
        let p = column.profile();
        for r in data.iter().filter(|r| r[0].parse::<f64>().unwrap() == t) {
            let z: f64 = r[1].parse().unwrap();
            let c_ref: f64 = r[2].parse().unwrap();
            let c = interp(&p.depth_cm, &p.salt_g_l, z);
            worst = worst.max((c - c_ref).abs());
            assert!(
                (c - c_ref).abs() <= 0.01,
                "t {t} d, z {z} cm: c {c} vs {c_ref}"
            );
        }
    }
    eprintln!("third-type front: worst |dc| = {worst:.5}");
}

/// Steady evaporation from a water table with the surface held at h_crit: Gardner (1958) for the
/// exponential soil, quadrature for van Genuchten-Mualem. Tolerance (vector's json): 2 %.
#[test]
fn steady_evaporation_from_water_table() {
    let data = rows(&vectors("evaporation/steady_water_table_shared.csv"));
    for r in &data {
        let d: f64 = r[1].parse().unwrap();
        let hs: f64 = r[2].parse().unwrap();
        let e_ref: f64 = r[3].parse().unwrap();
        let alpha: f64 = r[4].parse().unwrap();
        let ks: f64 = r[5].parse().unwrap();
        let theta_r: f64 = r[7].parse().unwrap();
        let theta_s: f64 = r[8].parse().unwrap();
        let hydraulics = if r[0] == "gardner" {
            SoilHydraulics::Gardner(GardnerExponential {
                theta_r,
                theta_s,
                alpha_per_cm: alpha,
                ks_cm_d: ks,
            })
        } else {
            let n: f64 = r[6].parse().unwrap();
            SoilHydraulics::VanGenuchten(VanGenuchtenMualem {
                theta_r,
                theta_s,
                alpha_per_cm: alpha,
                n,
                ks_cm_d: ks,
                l: 0.5,
            })
        };
        let layer = SoilLayer {
            bottom_cm: d,
            hydraulics,
            dispersivity_cm: 1.0,
        };
        let s = spec(
            vec![layer],
            d,
            101,
            InitialWater::Equilibrium,
            TopBoundary::Atmospheric {
                h_crit_cm: hs,
                max_ponding_cm: 0.0,
            },
            BottomKind::WaterTable { depth_cm: d },
        );
        let mut column = Column::new(&s).unwrap();
        // A potential evaporation far above what the soil can deliver holds the surface at h_crit.
        let forcing = Forcing {
            pot_evap_cm_d: 5.0 * e_ref.max(0.2),
            ..Forcing::default()
        };
        let mut last = 0.0;
        let mut e = 0.0;
        for _ in 0..400 {
            let f = column
                .advance(5.0, &forcing)
                .unwrap_or_else(|e| panic!("{} d={d}: {e}", r[0]));
            e = f.capillary_rise_cm / 5.0;
            let evap = f.evaporation_cm / 5.0;
            if (e - last).abs() < 1e-4 * e && (evap - e).abs() < 1e-3 * e {
                break;
            }
            last = e;
        }
        let err = (e - e_ref) / e_ref;
        eprintln!(
            "{} d={d}: E = {e:.6} vs {e_ref:.6} ({:+.2} %)",
            r[0],
            err * 100.0
        );
        assert!(err.abs() <= 0.02, "{} at {d} cm: {e} vs {e_ref}", r[0]);
    }
}
