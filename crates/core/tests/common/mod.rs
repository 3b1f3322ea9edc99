//! Problems shared by the core's tests and its benchmark (included by `benches/column_year.rs`
//! with `#[path]`): the soils, the crop and the benchmark year.
#![allow(dead_code)]

use aralkum_core::column::*;
use aralkum_core::soil::{SoilHydraulics, VanGenuchtenMualem};

/// A van Genuchten-Mualem soil with l = 0.5.
pub fn vg(theta_r: f64, theta_s: f64, alpha_per_cm: f64, n: f64, ks_cm_d: f64) -> SoilHydraulics {
    SoilHydraulics::VanGenuchten(VanGenuchtenMualem {
        theta_r,
        theta_s,
        alpha_per_cm,
        n,
        ks_cm_d,
        l: 0.5,
    })
}

/// Sorghum-like water and salt stress: Feddes heads of the HYDRUS-1D database, Maas-Hoffman
/// threshold 6.8 dS/m and slope 16 %/(dS/m) (FAO-29 Table 4), linear root distribution.
pub fn sorghum() -> PlantSpec {
    PlantSpec {
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
    }
}

/// Loam over silty clay loam (Carsel & Parrish 1988), water table at 150 cm with 20 g/L.
pub fn benchmark_spec() -> ColumnSpec {
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
        plant: Some(sorghum()),
        tds_g_l_per_ds_m: 0.64,
    }
}

/// Daily forcing of the synthetic year: ET0 0.05-0.65 cm/d, rain every 9th day outside summer,
/// 4 cm of 2 g/L irrigation every 7th day from May to September, a crop from day 120 to 270
/// with roots growing to 80 cm.
pub fn benchmark_forcing(day: usize) -> Forcing {
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
