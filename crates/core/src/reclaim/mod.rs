//! Reclamation formulas: leaching requirement, depth of water to leach a saline profile, gypsum
//! requirement of a sodic one.
//!
//! - [`leaching`]: leaching requirement of irrigation water (Rhoades 1974 as in FAO-29).
//! - [`leach_depth`]: water depth to bring a profile from ECe_0 to ECe_t (Hoffman 1980, after
//!   Reeve et al. 1955 / Reeve 1957), ponded or intermittent.
//! - [`gypsum`]: gypsum to replace exchangeable sodium (USDA Handbook 60; Oster & Frenkel 1980).

pub mod gypsum;
pub mod leach_depth;
pub mod leaching;

pub use gypsum::{gypsum_requirement_t_ha, GypsumInput, DEFAULT_EXCHANGE_EFFICIENCY};
pub use leach_depth::{hoffman_k, leaching_depth_cm, LeachingMethod};
pub use leaching::{
    applied_water_per_et, leaching_requirement, leaching_requirement_high_frequency,
};

use std::fmt;

/// Why a reclamation quantity cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReclaimError {
    /// The irrigation water is so saline that no leaching fraction can hold the root zone at
    /// the target: LR = ECw / (5 ECe_t - ECw) needs ECw < 5 ECe_t, and LR < 1 needs
    /// ECw < 2.5 ECe_t.
    WaterTooSaline {
        /// Conductivity of the water (dS/m).
        ec_water_ds_m: f64,
        /// The largest water conductivity that still gives LR < 1 (dS/m).
        limit_ds_m: f64,
    },
    /// An input that must be positive (or non-negative) is not.
    OutOfRange {
        /// Which input.
        name: &'static str,
        /// Its value.
        value: f64,
    },
}

impl fmt::Display for ReclaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReclaimError::WaterTooSaline {
                ec_water_ds_m,
                limit_ds_m,
            } => write!(
                f,
                "water of {ec_water_ds_m} dS/m cannot hold the root zone at the target: the \
                 leaching requirement needs water below {limit_ds_m} dS/m"
            ),
            ReclaimError::OutOfRange { name, value } => write!(f, "{name} = {value} out of range"),
        }
    }
}

impl std::error::Error for ReclaimError {}
