//! The answers must not depend on the grid the user happened to choose (issue 3): the node count
//! is a floor, the solver refines where it must. The same 60-day problem (evaporation from a
//! saline water table, then irrigation with a crop, on a layered soil) is run with a coarse floor
//! (21 nodes), the usual one (101) and a fine one (401); cumulative fluxes must agree within 1 %
//! of the largest flux and water contents within 0.005, salt per depth band within 3 %.

mod common;

use aralkum_core::column::*;
use common::{sorghum, vg};

fn spec(min_nodes: usize) -> ColumnSpec {
    ColumnSpec {
        depth_cm: 150.0,
        min_nodes,
        layers: vec![
            SoilLayer {
                bottom_cm: 35.0,
                hydraulics: vg(0.065, 0.41, 0.075, 1.89, 106.1),
                dispersivity_cm: 5.0,
            },
            SoilLayer {
                bottom_cm: 150.0,
                hydraulics: vg(0.067, 0.45, 0.02, 1.41, 10.8),
                dispersivity_cm: 5.0,
            },
        ],
        initial_water: InitialWater::Equilibrium,
        initial_salt: InitialSalt::Concentration(5.0),
        top: TopBoundary::Atmospheric {
            h_crit_cm: -15000.0,
            max_ponding_cm: 0.5,
        },
        bottom: BottomBoundary {
            kind: BottomKind::WaterTable { depth_cm: 100.0 },
            salt_g_l: 20.0,
        },
        transport: TransportSpec {
            molecular_diffusion_cm2_d: 1.0,
            tortuosity: Tortuosity::MillingtonQuirk,
        },
        plant: Some(sorghum()),
        tds_g_l_per_ds_m: 0.64,
    }
}

struct Outcome {
    totals: Fluxes,
    depths_cm: Vec<f64>,
    profile: Profile,
}

fn run(min_nodes: usize) -> Outcome {
    let mut column = Column::new(&spec(min_nodes)).unwrap();
    let mut totals = Fluxes::default();
    for day in 0..60 {
        let crop = day >= 20;
        let forcing = Forcing {
            precip_cm_d: 0.0,
            irrigation_cm_d: if crop && day % 6 == 0 { 3.0 } else { 0.0 },
            irrigation_salt_g_l: 2.0,
            precip_salt_g_l: 0.0,
            pot_evap_cm_d: if crop { 0.2 } else { 0.6 },
            pot_transp_cm_d: if crop { 0.45 } else { 0.0 },
            root_depth_cm: if crop { 50.0 } else { 0.0 },
        };
        totals.accumulate(&column.advance(1.0, &forcing).unwrap());
    }
    Outcome {
        totals,
        depths_cm: column.depths_cm().to_vec(),
        profile: column.profile(),
    }
}

fn interpolate(depths: &[f64], values: &[f64], z: f64) -> f64 {
    let i = depths
        .partition_point(|&d| d < z)
        .clamp(1, depths.len() - 1);
    let (z0, z1) = (depths[i - 1], depths[i]);
    let w = ((z - z0) / (z1 - z0)).clamp(0.0, 1.0);
    values[i - 1] * (1.0 - w) + values[i] * w
}

/// Salt (mg/cm2) in a depth band, by the trapezoid rule on a 0.5 cm sampling.
fn band_salt(o: &Outcome, top_cm: f64, bottom_cm: f64) -> f64 {
    let steps = ((bottom_cm - top_cm) / 0.5).round() as usize;
    let mut total = 0.0;
    for k in 0..steps {
        let z = top_cm + (k as f64 + 0.5) * 0.5;
        let theta = interpolate(&o.depths_cm, &o.profile.theta, z);
        let c = interpolate(&o.depths_cm, &o.profile.salt_g_l, z);
        total += theta * c * 0.5;
    }
    total
}

#[test]
fn results_do_not_depend_on_the_node_floor() {
    let fine = run(401);
    for coarse_nodes in [21, 101] {
        let coarse = run(coarse_nodes);
        let pairs = [
            (
                "infiltration",
                coarse.totals.infiltration_cm,
                fine.totals.infiltration_cm,
            ),
            (
                "evaporation",
                coarse.totals.evaporation_cm,
                fine.totals.evaporation_cm,
            ),
            (
                "transpiration",
                coarse.totals.transpiration_cm,
                fine.totals.transpiration_cm,
            ),
            (
                "capillary rise",
                coarse.totals.capillary_rise_cm,
                fine.totals.capillary_rise_cm,
            ),
            (
                "drainage",
                coarse.totals.drainage_cm,
                fine.totals.drainage_cm,
            ),
        ];
        let scale = pairs.iter().map(|p| p.2.abs()).fold(0.0, f64::max);
        for (name, a, b) in pairs {
            assert!(
                (a - b).abs() <= 0.01 * scale,
                "{coarse_nodes} nodes: {name} {a:.4} cm vs {b:.4} cm on the fine grid"
            );
        }
        for z in [0.5, 5.0, 20.0, 35.0, 60.0, 100.0, 140.0] {
            let a = interpolate(&coarse.depths_cm, &coarse.profile.theta, z);
            let b = interpolate(&fine.depths_cm, &fine.profile.theta, z);
            assert!(
                (a - b).abs() < 0.005,
                "{coarse_nodes} nodes: theta at {z} cm {a:.4} vs {b:.4}"
            );
        }
        for (top, bottom) in [(0.0, 10.0), (10.0, 35.0), (35.0, 80.0), (80.0, 150.0)] {
            let a = band_salt(&coarse, top, bottom);
            let b = band_salt(&fine, top, bottom);
            assert!(
                (a - b).abs() <= 0.03 * b,
                "{coarse_nodes} nodes: salt in {top}-{bottom} cm {a:.3} vs {b:.3} mg/cm2"
            );
        }
    }
}
