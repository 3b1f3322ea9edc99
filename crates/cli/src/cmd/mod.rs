//! One module per subcommand: its arguments and a `run` that calls the library crates.

pub mod assess;
pub mod et0;
pub mod example;
pub mod plan;
pub mod simulate;
pub mod species;

use aralkum_scenario::InputErrors;
use std::fmt;

/// How a subcommand failed, which picks the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The user's input is wrong (exit code 2).
    BadInput(String),
    /// The run failed (exit code 1).
    Run(String),
}

impl Failure {
    /// Exit code of INTERFACES section 4.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::BadInput(_) => 2,
            Failure::Run(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::BadInput(m) | Failure::Run(m) => f.write_str(m),
        }
    }
}

impl From<InputErrors> for Failure {
    fn from(e: InputErrors) -> Failure {
        Failure::BadInput(e.to_string())
    }
}

/// Result of a subcommand.
pub type CmdResult = Result<(), Failure>;
