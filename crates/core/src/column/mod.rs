//! The one-dimensional water-and-salt column (INTERFACES section 3).
//!
//! Life cycle, in MODFLOW 6's vocabulary: [`Column::new`] defines the grid and the initial state
//! from a validated [`ColumnSpec`]; [`Column::advance`] moves it over one forcing interval with
//! adaptive sub-steps and returns the interval's [`Fluxes`], each process owning its line of the
//! water and salt budgets; [`Column::profile`] gives the state for output.

pub mod accuracy;
mod bdf2;
pub mod flow;
pub mod grid;
pub mod nodes;
mod pond;
pub(crate) mod simd;
pub mod spec;
mod stepping;
pub mod table;
/// The problems shared by the core's integration tests and its benchmark (`tests/common`), for
/// the unit tests too.
#[cfg(test)]
#[path = "../../tests/common/mod.rs"]
pub(crate) mod test_problems;
pub mod transport;
pub mod uptake;

pub use accuracy::Accuracy;
pub use spec::*;
pub use stepping::Column;

use std::fmt;

/// Water and salt amounts over one interval. Every flux is non-negative and named by direction.
///
/// # Units
/// Water in cm, salt in mg/cm2.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fluxes {
    /// Precipitation reaching the surface (cm).
    pub precip_cm: f64,
    /// Irrigation reaching the surface (cm).
    pub irrigation_cm: f64,
    /// Water that ran off because ponding exceeded its maximum (cm).
    pub runoff_cm: f64,
    /// Water entering the soil through the surface (cm); water held in a pond enters when it
    /// infiltrates.
    pub infiltration_cm: f64,
    /// Potential evaporation (cm).
    pub evaporation_pot_cm: f64,
    /// Water leaving through the surface (cm).
    pub evaporation_cm: f64,
    /// Potential transpiration (cm).
    pub transpiration_pot_cm: f64,
    /// Root water uptake (cm).
    pub transpiration_cm: f64,
    /// Water leaving through the bottom (cm).
    pub drainage_cm: f64,
    /// Water entering through the bottom (cm).
    pub capillary_rise_cm: f64,
    /// Salt entering through the surface with rain, irrigation or a head/flux top (mg/cm2).
    pub salt_in_top_mg_cm2: f64,
    /// Salt entering through the bottom (mg/cm2).
    pub salt_in_bottom_mg_cm2: f64,
    /// Salt leaving through the bottom (mg/cm2).
    pub salt_out_bottom_mg_cm2: f64,
    /// Salt leaving through the surface (only with runoff of ponded water), mg/cm2.
    pub salt_out_top_mg_cm2: f64,
}

impl Fluxes {
    /// Adds another interval's amounts to these.
    pub fn accumulate(&mut self, other: &Fluxes) {
        self.precip_cm += other.precip_cm;
        self.irrigation_cm += other.irrigation_cm;
        self.runoff_cm += other.runoff_cm;
        self.infiltration_cm += other.infiltration_cm;
        self.evaporation_pot_cm += other.evaporation_pot_cm;
        self.evaporation_cm += other.evaporation_cm;
        self.transpiration_pot_cm += other.transpiration_pot_cm;
        self.transpiration_cm += other.transpiration_cm;
        self.drainage_cm += other.drainage_cm;
        self.capillary_rise_cm += other.capillary_rise_cm;
        self.salt_in_top_mg_cm2 += other.salt_in_top_mg_cm2;
        self.salt_in_bottom_mg_cm2 += other.salt_in_bottom_mg_cm2;
        self.salt_out_bottom_mg_cm2 += other.salt_out_bottom_mg_cm2;
        self.salt_out_top_mg_cm2 += other.salt_out_top_mg_cm2;
    }
}

/// State of the column at the nodes, for output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// Node depths (cm), increasing.
    pub depth_cm: Vec<f64>,
    /// Pressure head (cm).
    pub head_cm: Vec<f64>,
    /// Volumetric water content.
    pub theta: Vec<f64>,
    /// Soil-solution concentration (g/L).
    pub salt_g_l: Vec<f64>,
    /// ECe of the saturation extract (dS/m).
    pub ece_ds_m: Vec<f64>,
}

/// Counters of the work done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SolverStats {
    /// Accepted time steps.
    pub time_steps: u64,
    /// Picard iterations, including those of rejected steps.
    pub iterations: u64,
    /// Rejected (retried) steps.
    pub rejected_steps: u64,
}

/// Why a column could not be built from a spec (the scenario crate validates first, so this is a
/// second line of defence with the same wording).
#[derive(Clone, Debug, PartialEq)]
pub struct SpecError {
    /// What is wrong, naming the quantity, its value and the allowed range.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}

/// A run that cannot go on: says what, where and when.
#[derive(Clone, Debug, PartialEq)]
pub struct SolverFailure {
    /// Simulation time at failure (d).
    pub time_d: f64,
    /// Depth where the problem was worst (cm).
    pub depth_cm: f64,
    /// What happened.
    pub cause: String,
}

impl fmt::Display for SolverFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at time {:.6} d, depth {:.2} cm: {}",
            self.time_d, self.depth_cm, self.cause
        )
    }
}

impl std::error::Error for SolverFailure {}
