//! Benchmark of the hot path (issue 3): a 2 m column with 101 nodes, one year of daily forcing
//! with winter rain, summer irrigation with saline water and a crop, over a saline water table.
//!
//! `cargo bench -p aralkum-core --bench column_year` times `REPEATS` column-years and prints the
//! fastest, the median, time steps and Picard iterations. Under `cargo test` (no `--bench`
//! argument) it runs one column-year as a smoke test and checks its balances.

use aralkum_core::column::*;
use aralkum_core::soil::{SoilHydraulics, VanGenuchtenMualem};
use std::time::Instant;

/// Column-years timed by default; `COLUMN_YEAR_REPEATS` overrides it (e.g. 1 under a profiler).
const REPEATS: usize = 5;

fn vg(theta_r: f64, theta_s: f64, alpha_per_cm: f64, n: f64, ks_cm_d: f64) -> SoilHydraulics {
    SoilHydraulics::VanGenuchten(VanGenuchtenMualem {
        theta_r,
        theta_s,
        alpha_per_cm,
        n,
        ks_cm_d,
        l: 0.5,
    })
}

/// Loam over silty clay loam (Carsel & Parrish 1988), water table at 150 cm with 20 g/L.
fn spec() -> ColumnSpec {
    ColumnSpec {
        depth_cm: 200.0,
        min_nodes: 101,
        layers: vec![
            SoilLayer {
                bottom_cm: 50.0,
                hydraulics: vg(0.078, 0.43, 0.036, 1.56, 24.96),
                dispersivity_cm: 10.0,
            },
            SoilLayer {
                bottom_cm: 200.0,
                hydraulics: vg(0.089, 0.43, 0.01, 1.23, 1.68),
                dispersivity_cm: 10.0,
            },
        ],
        initial_water: InitialWater::Equilibrium,
        initial_salt: InitialSalt::Ece(12.0),
        top: TopBoundary::Atmospheric {
            h_crit_cm: -15000.0,
            max_ponding_cm: 0.0,
        },
        bottom: BottomBoundary {
            kind: BottomKind::WaterTable { depth_cm: 150.0 },
            salt_g_l: 20.0,
        },
        transport: TransportSpec {
            molecular_diffusion_cm2_d: 1.0,
            tortuosity: Tortuosity::MillingtonQuirk,
        },
        plant: Some(PlantSpec {
            feddes: Feddes {
                h1_cm: -10.0,
                h2_cm: -25.0,
                h3_high_cm: -400.0,
                h3_low_cm: -800.0,
                h4_cm: -8000.0,
                tp_high_cm_d: 0.5,
                tp_low_cm_d: 0.1,
            },
            root_distribution: RootDistribution::Linear,
            salt_stress: SaltStress::MaasHoffman {
                threshold_ds_m: 6.8,
                slope_pct_per_ds_m: 16.0,
            },
            salt_stress_basis: SaltStressBasis::Ece,
        }),
        tds_g_l_per_ds_m: 0.64,
    }
}

/// Daily forcing of the synthetic year: ET0 0.05-0.65 cm/d, rain every 9th day outside summer,
/// 4 cm of 2 g/L irrigation every 7th day from May to September, a crop from day 120 to 270
/// with roots growing to 80 cm.
fn forcing(day: usize) -> Forcing {
    let season = (2.0 * std::f64::consts::PI * (day as f64 - 15.0) / 365.0).cos();
    let et0 = 0.35 - 0.3 * season;
    let crop = (120..270).contains(&day);
    let cover = if crop {
        ((day - 120) as f64 / 60.0).min(1.0) * 0.8
    } else {
        0.0
    };
    Forcing {
        precip_cm_d: if !crop && day.is_multiple_of(9) {
            0.6
        } else {
            0.0
        },
        irrigation_cm_d: if crop && day.is_multiple_of(7) {
            4.0
        } else {
            0.0
        },
        irrigation_salt_g_l: 2.0,
        precip_salt_g_l: 0.0,
        pot_evap_cm_d: et0 * (1.0 - cover),
        pot_transp_cm_d: et0 * 1.1 * cover,
        root_depth_cm: if crop {
            10.0 + 70.0 * ((day - 120) as f64 / 90.0).min(1.0)
        } else {
            0.0
        },
    }
}

/// CPU time of this thread (s) from Linux's /proc/thread-self/schedstat (nanoseconds on the CPU),
/// so that a busy shared machine does not inflate the figure; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

struct Outcome {
    seconds: f64,
    cpu_seconds: Option<f64>,
    stats: SolverStats,
    water_error_pct: f64,
    totals: Fluxes,
}

fn column_year() -> Outcome {
    let spec = spec();
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds();
    let mut column = Column::new(&spec).expect("benchmark spec is valid");
    let w0 = column.water_storage_cm();
    let mut totals = Fluxes::default();
    for day in 0..365 {
        let f = column
            .advance(1.0, &forcing(day))
            .expect("benchmark year runs");
        totals.accumulate(&f);
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let inflow = totals.precip_cm + totals.irrigation_cm + totals.capillary_rise_cm;
    let outflow =
        totals.runoff_cm + totals.evaporation_cm + totals.transpiration_cm + totals.drainage_cm;
    let error = column.water_storage_cm() - w0 - (inflow - outflow);
    Outcome {
        seconds,
        cpu_seconds,
        stats: column.stats(),
        water_error_pct: 100.0 * error.abs() / inflow.max(outflow),
        totals,
    }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    if !benching {
        let o = column_year();
        assert!(
            o.water_error_pct < 0.1,
            "water balance {} %",
            o.water_error_pct
        );
        assert!(o.stats.time_steps > 365);
        return;
    }
    let repeats = std::env::var("COLUMN_YEAR_REPEATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r: &usize| r > 0)
        .unwrap_or(REPEATS);
    let mut times: Vec<f64> = Vec::with_capacity(repeats);
    let mut cpu_times: Vec<f64> = Vec::with_capacity(repeats);
    let mut last = None;
    for _ in 0..repeats {
        let o = column_year();
        eprintln!(
            "  one column-year: {:.2} ms wall, {:.2} ms CPU, {:?}",
            o.seconds * 1e3,
            o.cpu_seconds.unwrap_or(f64::NAN) * 1e3,
            o.stats
        );
        times.push(o.seconds);
        cpu_times.extend(o.cpu_seconds);
        last = Some(o);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    cpu_times.sort_by(|a, b| a.total_cmp(b));
    let cpu_ms = |k: usize| cpu_times.get(k).map_or(f64::NAN, |t| t * 1e3);
    let o = last.expect("at least one repeat");
    println!(
        "column_year: 2 m, 101 nodes, 365 d | fastest {:.2} ms, median {:.2} ms per column-year \
         (CPU: fastest {:.2} ms, median {:.2} ms) | {} time steps, {} Picard iterations, {} rejected steps | water balance error {:.2e} %",
        times[0] * 1e3,
        times[repeats / 2] * 1e3,
        cpu_ms(0),
        cpu_ms(repeats / 2),
        o.stats.time_steps,
        o.stats.iterations,
        o.stats.rejected_steps,
        o.water_error_pct
    );
    let t = &o.totals;
    println!(
        "  evaporation {:.4} cm, transpiration {:.4} cm, drainage {:.4} cm, capillary rise {:.4} cm, \
         salt out {:.4} mg/cm2",
        t.evaporation_cm, t.transpiration_cm, t.drainage_cm, t.capillary_rise_cm, t.salt_out_bottom_mg_cm2
    );
}
