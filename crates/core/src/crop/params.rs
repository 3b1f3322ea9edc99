//! Every number of one row of the species table (`data/species/species.csv`), typed.
//!
//! The scenario crate reads and validates the table; this module only holds the numbers and
//! turns them into what the column solver and the growth functions take.

use super::cover::ShrubCover;
use super::kc::KcCurve;
use crate::column::spec::{Feddes, SaltStress};
use crate::salinity::stress::{maas_hoffman_relative_yield, s_shape_relative_uptake};

/// Potential transpiration (cm/d) at and above which Feddes' h3 high applies (HYDRUS-1D and
/// INTERFACES default `feddes_tp_cm_d = [0.5, 0.1]`).
pub const FEDDES_TP_HIGH_CM_D: f64 = 0.5;
/// Potential transpiration (cm/d) at and below which Feddes' h3 low applies.
pub const FEDDES_TP_LOW_CM_D: f64 = 0.1;

/// Salinity tolerance of a species.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SaltTolerance {
    /// Maas & Hoffman (1977) threshold-slope on ECe.
    MaasHoffman {
        /// ECe above which yield falls (dS/m).
        threshold_ds_m: f64,
        /// Yield loss per dS/m above the threshold (%).
        slope_pct_per_ds_m: f64,
    },
    /// van Genuchten & Hoffman (1984) S-shape on ECe, 1 / (1 + (ECe/ECe50)^p).
    SShape {
        /// ECe at which growth is halved (dS/m).
        ece50_ds_m: f64,
        /// Exponent p.
        exponent: f64,
    },
}

impl SaltTolerance {
    /// Relative yield (0-1) under a steady root-zone ECe: Maas & Hoffman (1977) or the S-shape
    /// (van Genuchten & Hoffman 1984).
    pub fn relative_yield(&self, ece_ds_m: f64) -> f64 {
        match *self {
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } => maas_hoffman_relative_yield(ece_ds_m, threshold_ds_m, slope_pct_per_ds_m),
            SaltTolerance::SShape {
                ece50_ds_m,
                exponent,
            } => s_shape_relative_uptake(ece_ds_m, ece50_ds_m, exponent),
        }
    }

    /// The ECe (dS/m) at which the relative yield falls to `relative_yield` (in (0, 1]): the
    /// inverse of [`SaltTolerance::relative_yield`], as tabulated in FAO-29 Table 4 for 100, 90,
    /// 75, 50 and 0 %. For Maas-Hoffman, ECe = a + (1 - Yr) 100 / b; for the S-shape,
    /// ECe = ECe50 ((1 - Yr) / Yr)^(1/p) (infinite at 0).
    pub fn ece_at_relative_yield(&self, relative_yield: f64) -> f64 {
        let yr = relative_yield.clamp(0.0, 1.0);
        match *self {
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } => threshold_ds_m + (1.0 - yr) * 100.0 / slope_pct_per_ds_m,
            SaltTolerance::SShape {
                ece50_ds_m,
                exponent,
            } => {
                if yr <= 0.0 {
                    f64::INFINITY
                } else {
                    ece50_ds_m * ((1.0 - yr) / yr).powf(1.0 / exponent)
                }
            }
        }
    }

    /// FAO-56 (ch. 8) salinity stress on transpiration for a crop with yield response factor
    /// `ky`: Ks = 1 - b / (Ky 100) (ECe - ECe,threshold), floored at 0, so that FAO-33's
    /// 1 - Ya/Ym = Ky (1 - Ks) returns the Maas-Hoffman yield. Generalised to the S-shape as
    /// Ks = 1 - (1 - Yr(ECe)) / Ky (identical to the S-shape when Ky = 1).
    pub fn transpiration_factor(&self, ece_ds_m: f64, ky: f64) -> f64 {
        if ky <= 0.0 {
            return 1.0;
        }
        let loss = match *self {
            // Unclamped Maas-Hoffman loss: beyond zero yield Ks keeps falling to its floor.
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } => (slope_pct_per_ds_m / 100.0 * (ece_ds_m - threshold_ds_m)).max(0.0),
            SaltTolerance::SShape { .. } => 1.0 - self.relative_yield(ece_ds_m),
        };
        (1.0 - loss / ky).max(0.0)
    }

    /// The same tolerance as the column solver's salinity-stress function, unchanged (the
    /// response of yield; use [`SpeciesParams::solver_salt_stress`] for uptake).
    pub fn salt_stress(&self) -> SaltStress {
        match *self {
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } => SaltStress::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            },
            SaltTolerance::SShape {
                ece50_ds_m,
                exponent,
            } => SaltStress::SShape {
                ec50_ds_m: ece50_ds_m,
                exponent,
            },
        }
    }
}

/// Feddes et al. (1978) water-stress heads of a species.
///
/// # Units
/// cm of water (negative = suction).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeddesHeads {
    /// Anaerobiosis point: no uptake at wetter heads.
    pub h1_cm: f64,
    /// Start of optimal uptake.
    pub h2_cm: f64,
    /// End of optimal uptake at high demand (Tp >= 0.5 cm/d).
    pub h3_high_cm: f64,
    /// End of optimal uptake at low demand (Tp <= 0.1 cm/d).
    pub h3_low_cm: f64,
    /// Wilting point: no uptake at drier heads.
    pub h4_cm: f64,
}

impl FeddesHeads {
    /// The column solver's Feddes function with the HYDRUS-1D demand limits 0.5 and 0.1 cm/d.
    pub fn to_feddes(&self) -> Feddes {
        Feddes {
            h1_cm: self.h1_cm,
            h2_cm: self.h2_cm,
            h3_high_cm: self.h3_high_cm,
            h3_low_cm: self.h3_low_cm,
            h4_cm: self.h4_cm,
            tp_high_cm_d: FEDDES_TP_HIGH_CM_D,
            tp_low_cm_d: FEDDES_TP_LOW_CM_D,
        }
    }
}

/// How long roots take to reach their maximum depth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RootGrowth {
    /// Annual: days after sowing.
    Days(f64),
    /// Perennial: years after planting.
    Years(f64),
}

/// Rooting depth of a species.
///
/// # Units
/// cm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RootParams {
    /// Depth at sowing or planting.
    pub min_cm: f64,
    /// Maximum depth.
    pub max_cm: f64,
    /// Time to reach `max_cm`.
    pub growth: RootGrowth,
}

/// How the canopy and its transpiration are described.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Canopy {
    /// A crop (or annual halophyte) with a FAO-56 single Kc curve, repeated every season.
    KcCurve(KcCurve),
    /// A perennial shrub whose cover grows over the years.
    CoverCurve {
        /// Cover over the years after planting.
        cover: ShrubCover,
        /// FAO-56 basal coefficient at full cover (eq. 98's Kcb,full).
        kcb_full: f64,
        /// Days of active growth (transpiration) per year, counted from the season start.
        active_season_d: f64,
    },
}

/// All numbers of one species (one row of the species table).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpeciesParams {
    /// Salinity tolerance.
    pub salt: SaltTolerance,
    /// Root-zone ECe over a season above which the plant dies (dS/m); for crops the ECe of zero
    /// Maas-Hoffman yield.
    pub survival_ece_ds_m: f64,
    /// Water-stress heads.
    pub feddes: FeddesHeads,
    /// Rooting depth and its growth.
    pub roots: RootParams,
    /// Canopy description.
    pub canopy: Canopy,
    /// Maximum plant height (m), for FAO-56 eqs. 72, 76 and 98.
    pub max_height_m: f64,
    /// FAO-33 yield response factor Ky.
    pub ky: f64,
    /// Normalised water productivity WP* (g/m2), Steduto et al. (2009).
    pub wp_star_g_m2: f64,
    /// Harvest index (yield = HI x biomass), or `None` when the product is the forage.
    pub harvest_index: Option<f64>,
    /// Share of above-ground dry matter usable as forage (0-1).
    pub forage_fraction: f64,
    /// Crude protein of the forage (% of DM), `None` when there is no forage.
    pub crude_protein_pct_dm: Option<f64>,
}

impl SpeciesParams {
    /// Relative yield under a steady root-zone ECe (see [`SaltTolerance::relative_yield`]).
    pub fn relative_yield_salinity(&self, ece_ds_m: f64) -> f64 {
        self.salt.relative_yield(ece_ds_m)
    }

    /// The tolerance rule of `aralkum species --ece-ds-m`: a species tolerates a steady
    /// root-zone ECe when its relative yield (or growth) there is at least 50 % (FAO-29 Table 4's
    /// 50 % column; the S-shape's ECe50) and the ECe is below its survival limit.
    pub fn tolerates(&self, ece_ds_m: f64) -> bool {
        ece_ds_m <= self.salt.ece_at_relative_yield(0.5) && ece_ds_m < self.survival_ece_ds_m
    }

    /// Whether a plant survives a season whose root-zone ECe was `season_ece_ds_m` (the seasonal
    /// mean or the value the caller judges decisive): below the survival limit.
    pub fn survives(&self, season_ece_ds_m: f64) -> bool {
        season_ece_ds_m < self.survival_ece_ds_m
    }

    /// The salinity stress to give the column solver's root uptake so that relative yield from
    /// the simulated transpiration through FAO-33's Ky reproduces Maas & Hoffman under steady
    /// salinity (FAO-56 ch. 8): the Maas-Hoffman slope is divided by Ky. S-shape rows are
    /// passed unchanged; the species table gives them Ky = 1, for which this is exact.
    pub fn solver_salt_stress(&self) -> SaltStress {
        match self.salt {
            SaltTolerance::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m,
            } if self.ky > 0.0 => SaltStress::MaasHoffman {
                threshold_ds_m,
                slope_pct_per_ds_m: slope_pct_per_ds_m / self.ky,
            },
            other => other.salt_stress(),
        }
    }

    /// True for perennial roots (depth grows over years).
    pub fn is_perennial(&self) -> bool {
        matches!(self.roots.growth, RootGrowth::Years(_))
            || matches!(self.canopy, Canopy::CoverCurve { .. })
    }
}
