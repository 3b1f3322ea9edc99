//! The fast solver path gives the answers of the reference path.
//!
//! [`Accuracy::Reference`] evaluates the closed-form van Genuchten (1980) functions and the
//! Gauss-quadrature integral-mean conductivity at every use with the original time-step control;
//! [`Accuracy::Fast`] (the default) uses tabulated functions and the work-saving step control.
//! The year of `benches/column_year.rs` (2 m, loam over silty clay loam, saline water table,
//! rain, saline irrigation and a crop) is run both ways.
//!
//! Tolerances: cumulative fluxes within 0.5 % (or 0.01 cm / 0.05 mg/cm2 for small ones), water
//! content at every node within 0.002 and salt per depth band within 1 % at four dates, and
//! both runs closing the budgets (water < 0.1 %, salt < 0.5 %). (The issue's own
//! acceptance against HYDRUS-1D is 3 %, 0.01 RMSE and 5 %.)

mod common;

use aralkum_core::column::*;
use common::{benchmark_forcing, benchmark_spec};

struct Run {
    totals: Fluxes,
    profiles: Vec<Profile>,
    water_error_pct: f64,
    salt_error_pct: f64,
    stats: SolverStats,
}

fn run(accuracy: Accuracy) -> Run {
    let mut column = Column::with_accuracy(&benchmark_spec(), accuracy).unwrap();
    assert_eq!(column.accuracy(), accuracy);
    let w0 = column.water_storage_cm();
    let s0 = column.salt_storage_mg_cm2();
    let mut totals = Fluxes::default();
    let mut profiles = Vec::new();
    for day in 0..365 {
        let f = column.advance(1.0, &benchmark_forcing(day)).unwrap();
        totals.accumulate(&f);
        if [90, 180, 270, 364].contains(&day) {
            profiles.push(column.profile());
        }
    }
    let t = &totals;
    let inflow = t.precip_cm + t.irrigation_cm + t.capillary_rise_cm;
    let outflow = t.runoff_cm + t.evaporation_cm + t.transpiration_cm + t.drainage_cm;
    let water_error = column.water_storage_cm() - w0 - (inflow - outflow);
    let salt_in = t.salt_in_top_mg_cm2 + t.salt_in_bottom_mg_cm2;
    let salt_out = t.salt_out_bottom_mg_cm2 + t.salt_out_top_mg_cm2;
    let salt_error = column.salt_storage_mg_cm2() - s0 - (salt_in - salt_out);
    Run {
        totals,
        profiles,
        water_error_pct: 100.0 * water_error.abs() / inflow.max(outflow),
        salt_error_pct: 100.0 * salt_error.abs() / salt_in.max(salt_out),
        stats: column.stats(),
    }
}

#[test]
fn fast_path_matches_the_reference_path() {
    let reference = run(Accuracy::Reference);
    let fast = run(Accuracy::Fast);
    eprintln!(
        "reference: {:?}\nfast:      {:?}",
        reference.stats, fast.stats
    );
    for r in [&reference, &fast] {
        assert!(r.water_error_pct < 0.1, "water {} %", r.water_error_pct);
        assert!(r.salt_error_pct < 0.5, "salt {} %", r.salt_error_pct);
    }
    let (a, b) = (&reference.totals, &fast.totals);
    let water = [
        ("infiltration", a.infiltration_cm, b.infiltration_cm),
        ("evaporation", a.evaporation_cm, b.evaporation_cm),
        ("transpiration", a.transpiration_cm, b.transpiration_cm),
        ("drainage", a.drainage_cm, b.drainage_cm),
        ("capillary rise", a.capillary_rise_cm, b.capillary_rise_cm),
        ("runoff", a.runoff_cm, b.runoff_cm),
    ];
    for (name, x, y) in water {
        let diff = (y - x).abs();
        eprintln!("{name}: reference {x:.5} cm, fast {y:.5} cm");
        assert!(diff <= (0.005 * x.abs()).max(0.01), "{name}: {x} vs {y}");
    }
    let salt = [
        ("salt in top", a.salt_in_top_mg_cm2, b.salt_in_top_mg_cm2),
        (
            "salt in bottom",
            a.salt_in_bottom_mg_cm2,
            b.salt_in_bottom_mg_cm2,
        ),
        (
            "salt out bottom",
            a.salt_out_bottom_mg_cm2,
            b.salt_out_bottom_mg_cm2,
        ),
    ];
    for (name, x, y) in salt {
        let diff = (y - x).abs();
        eprintln!("{name}: reference {x:.4} mg/cm2, fast {y:.4} mg/cm2");
        assert!(diff <= (0.005 * x.abs()).max(0.05), "{name}: {x} vs {y}");
    }
    let mut worst_theta: f64 = 0.0;
    let mut worst_salt: f64 = 0.0;
    for (p, q) in reference.profiles.iter().zip(&fast.profiles) {
        assert_eq!(p.depth_cm, q.depth_cm);
        for i in 0..p.theta.len() {
            let dt = (p.theta[i] - q.theta[i]).abs();
            worst_theta = worst_theta.max(dt);
            assert!(
                dt <= 0.002,
                "theta at {} cm: {} vs {}",
                p.depth_cm[i],
                p.theta[i],
                q.theta[i]
            );
        }
        for (top, bottom) in BANDS_CM {
            let (x, y) = (
                band_salt_mg_cm2(p, top, bottom),
                band_salt_mg_cm2(q, top, bottom),
            );
            let rel = (y - x).abs() / x;
            worst_salt = worst_salt.max(rel);
            assert!(rel <= 0.01, "salt in {top}-{bottom} cm: {x} vs {y} mg/cm2");
        }
    }
    eprintln!(
        "largest theta difference {worst_theta:.2e}, salt per band {:.3} %",
        100.0 * worst_salt
    );
}

/// Depth bands for the salt comparison (cm).
const BANDS_CM: [(f64, f64); 5] = [
    (0.0, 10.0),
    (10.0, 30.0),
    (30.0, 50.0),
    (50.0, 100.0),
    (100.0, 200.0),
];

/// Salt in the soil solution between `top` and `bottom` (mg/cm2): theta c over each node's
/// control volume (half-way to its neighbours), clipped to the band.
fn band_salt_mg_cm2(p: &Profile, top: f64, bottom: f64) -> f64 {
    let z = &p.depth_cm;
    let n = z.len();
    (0..n)
        .map(|i| {
            let a = if i == 0 {
                z[0]
            } else {
                0.5 * (z[i - 1] + z[i])
            };
            let b = if i + 1 == n {
                z[n - 1]
            } else {
                0.5 * (z[i] + z[i + 1])
            };
            let inside = (b.min(bottom) - a.max(top)).max(0.0);
            p.theta[i] * p.salt_g_l[i] * inside
        })
        .sum()
}
