//! `aralkum species` (to be written).

use super::{CmdResult, Failure};

/// Arguments of `aralkum species`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs the subcommand.
pub fn run(_args: Args) -> CmdResult {
    Err(Failure::Run("not implemented yet".into()))
}
