//! # aralkum-scenario
//!
//! Everything between a user's files and the numerical core: the scenario and site files (TOML),
//! the CSV readers (weather, soil samples, forcing series), the built-in data tables (climate
//! normals, species), running a column, and writing results and reports.
//!
//! Every reader validates at the edge and reports every problem at once, each naming the file,
//! the line and column or key, the value and what is allowed ([`InputErrors`]).

pub mod climate;
pub mod csv_errors;
pub mod error;
pub mod examples;
pub mod forcing;
pub mod output;
pub mod plan;
pub mod run;
pub mod samples;
pub mod scenario;
pub mod species;
pub mod stations;
pub mod weather;

pub use error::{InputError, InputErrors};
pub use output::{write_outputs, OutputError, OutputFiles};
pub use run::{run, RunError, RunResult};
pub use scenario::{load_scenario, parse_scenario, Scenario};
