//! Soil hydraulic properties: retention theta(h), conductivity K(h), capacity C(h) = dtheta/dh.
//!
//! Two models, as in HYDRUS-1D: van Genuchten (1980) retention with Mualem (1976) conductivity
//! ([`VanGenuchtenMualem`]) and the Gardner (1958) exponential model ([`GardnerExponential`]), whose
//! linearised Richards equation has analytical solutions used to check the column solver, and
//! van Genuchten-Mualem with an air-entry head for fine soils with n < 2 ([`VanGenuchtenAirEntry`],
//! Vogel, van Genuchten & Cislerova 2001; HYDRUS-1D's "h_s = -2 cm" model).
//!
//! Parameters come from the user, from the Carsel & Parrish (1988) class averages of a USDA
//! texture class ([`carsel_parrish()`], with the classifier in [`texture`]), or from the
//! Wosten et al. (1999) HYPRES continuous pedotransfer functions ([`pedotransfer`]).
//!
//! # Units
//! Pressure head `h` in cm of water (negative when unsaturated), conductivity in cm/d,
//! water content in cm3/cm3, `alpha` in 1/cm.

mod air_entry;
mod carsel_parrish;
mod gardner;
pub mod log_suction;
pub mod mean_conductivity;
pub mod pedotransfer;
pub mod texture;
mod van_genuchten;

pub use air_entry::VanGenuchtenAirEntry;
pub use carsel_parrish::{carsel_parrish, CARSEL_PARRISH_L};
pub use gardner::GardnerExponential;
pub use pedotransfer::{wosten_1999, HypresParameters, PedotransferError, PedotransferInput};
pub use texture::{TextureClass, TextureError};
pub use van_genuchten::VanGenuchtenMualem;

/// The functions every hydraulic model provides to the column solver.
pub trait HydraulicFunctions {
    /// Volumetric water content at pressure head `h_cm`.
    fn theta(&self, h_cm: f64) -> f64;
    /// Hydraulic conductivity (cm/d) at pressure head `h_cm`.
    fn conductivity_cm_d(&self, h_cm: f64) -> f64;
    /// Specific moisture capacity dtheta/dh (1/cm) at `h_cm`; zero when saturated.
    fn capacity_per_cm(&self, h_cm: f64) -> f64;
    /// Pressure head (cm) at water content `theta`; 0 at or above saturation.
    fn head_cm(&self, theta: f64) -> f64;
    /// Integral-mean conductivity (cm/d) between heads `h_a` and `h_b`
    /// (see [`mean_conductivity`]).
    fn mean_conductivity_cm_d(&self, h_a: f64, h_b: f64) -> f64;
    /// Saturated water content.
    fn theta_s(&self) -> f64;
    /// Residual water content.
    fn theta_r(&self) -> f64;
    /// Saturated hydraulic conductivity (cm/d).
    fn ks_cm_d(&self) -> f64;
}

/// A soil's hydraulic model, chosen per layer (INTERFACES section 3, "Soil hydraulics").
#[derive(Clone, Debug, PartialEq)]
pub enum SoilHydraulics {
    /// van Genuchten (1980) retention, Mualem (1976) conductivity.
    VanGenuchten(VanGenuchtenMualem),
    /// Gardner (1958) exponential conductivity with exponential retention.
    Gardner(GardnerExponential),
    /// van Genuchten-Mualem with an air-entry head (Vogel, van Genuchten & Cislerova 2001).
    VanGenuchtenAirEntry(VanGenuchtenAirEntry),
}

impl HydraulicFunctions for SoilHydraulics {
    fn theta(&self, h_cm: f64) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.theta(h_cm),
            SoilHydraulics::Gardner(m) => m.theta(h_cm),
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.theta(h_cm),
        }
    }
    fn conductivity_cm_d(&self, h_cm: f64) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.conductivity_cm_d(h_cm),
            SoilHydraulics::Gardner(m) => m.conductivity_cm_d(h_cm),
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.conductivity_cm_d(h_cm),
        }
    }
    fn capacity_per_cm(&self, h_cm: f64) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.capacity_per_cm(h_cm),
            SoilHydraulics::Gardner(m) => m.capacity_per_cm(h_cm),
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.capacity_per_cm(h_cm),
        }
    }
    fn head_cm(&self, theta: f64) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.head_cm(theta),
            SoilHydraulics::Gardner(m) => m.head_cm(theta),
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.head_cm(theta),
        }
    }
    fn mean_conductivity_cm_d(&self, h_a: f64, h_b: f64) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.mean_conductivity_cm_d(h_a, h_b),
            SoilHydraulics::Gardner(m) => m.mean_conductivity_cm_d(h_a, h_b),
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.mean_conductivity_cm_d(h_a, h_b),
        }
    }
    fn theta_s(&self) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.theta_s,
            SoilHydraulics::Gardner(m) => m.theta_s,
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.theta_s(),
        }
    }
    fn theta_r(&self) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.theta_r,
            SoilHydraulics::Gardner(m) => m.theta_r,
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.theta_r(),
        }
    }
    fn ks_cm_d(&self) -> f64 {
        match self {
            SoilHydraulics::VanGenuchten(m) => m.ks_cm_d,
            SoilHydraulics::Gardner(m) => m.ks_cm_d,
            SoilHydraulics::VanGenuchtenAirEntry(m) => m.ks_cm_d(),
        }
    }
}
