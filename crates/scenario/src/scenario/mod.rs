//! The scenario file of a column run (INTERFACES section 5): read, validate, and hand over a
//! core [`ColumnSpec`] with its forcing and output settings.
//!
//! Reading happens in two stages, so that a user sees every problem at once: `parse` maps the
//! TOML onto the raw `schema` (structural problems: syntax, unknown keys, wrong types, each with
//! its line and column), then `validate` checks values against physical ranges and against each
//! other (each problem with its key path, value and allowed range).

mod check;
mod parse;
pub mod schema;
mod soil;
mod validate;

pub use soil::{DEFAULT_DISPERSIVITY_CM, DEFAULT_L};
pub use validate::{DEFAULT_MOLECULAR_DIFFUSION_CM2_D, DEFAULT_NODES};

use crate::error::InputErrors;
use crate::forcing::ForcingSchedule;
use aralkum_core::column::{Accuracy, ColumnSpec};
use aralkum_core::crop::SpeciesParams;
use aralkum_core::date::Date;
use std::path::Path;

/// A plant in the scenario, as far as the forcing, the runner and the outputs need it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlantInfo {
    /// Species id if one was named.
    pub species: Option<String>,
    /// Rooting depth (cm): the one given, else the species' deepest within the column.
    pub root_depth_cm: f64,
    /// True when the scenario fixed the rooting depth (else it grows with the species).
    pub root_depth_fixed: bool,
    /// The species' parameters when it is in the table.
    pub params: Option<SpeciesParams>,
    /// Day of the run on which the season starts (d).
    pub season_start_d: f64,
}

/// A validated scenario: everything a run needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The scenario file as the user named it.
    pub file: String,
    /// `[site] name`, or the file name.
    pub name: String,
    /// Calendar date of day 0.
    pub start: Date,
    /// Length of the run (d).
    pub duration_d: f64,
    /// Interval of the rows of `daily.csv` (d).
    pub output_interval_d: f64,
    /// Times (d) of the profiles besides day 0, increasing, within the run.
    pub profile_times_d: Vec<f64>,
    /// Depth (cm) over which root-zone salinity is averaged.
    pub root_zone_depth_cm: f64,
    /// The column.
    pub column: ColumnSpec,
    /// Its forcing.
    pub forcing: ForcingSchedule,
    /// The plant, if any.
    pub plant: Option<PlantInfo>,
    /// Solver path (fast by default).
    pub accuracy: Accuracy,
}

/// Reads and validates a scenario file; paths inside it are relative to its folder.
pub fn load_scenario(path: &Path) -> Result<Scenario, InputErrors> {
    let (file, text) = crate::error::read_input_file(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_scenario(&text, &file, base)
}

/// Validates the TOML `text` of a scenario; `file` names it in errors and `base_dir` resolves the
/// paths it holds.
pub fn parse_scenario(text: &str, file: &str, base_dir: &Path) -> Result<Scenario, InputErrors> {
    let mut errors = InputErrors::new();
    if !parse::check_document(file, text, &mut errors) {
        return Err(errors);
    }
    let raw = validate::RawScenario::read(file, text, &mut errors);
    validate::validate(raw, file, base_dir, errors)
}
