//! The `aralkum` binary: parses arguments and calls the crates below it. Nothing else lives here.
//!
//! Exit codes (INTERFACES section 4): 0 on success, 2 on bad input (the message names the file,
//! key or line, value and allowed range), 1 on a run that fails.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Plans and tracks the reclamation of saline land on the dried bed of the Aral Sea.
#[derive(Parser, Debug)]
#[command(name = "aralkum", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Daily reference evapotranspiration ET0 (FAO-56 Penman-Monteith) from a weather file or a
    /// built-in station.
    Et0(cmd::et0::Args),
    /// Soil salinity and sodicity report for soil samples, with leaching and gypsum needs.
    Assess(cmd::assess::Args),
    /// Simulate water and salt in one soil column from a scenario file.
    Simulate(cmd::simulate::Args),
    /// Write a built-in example scenario (and its weather) to a folder.
    Example(cmd::example::Args),
    /// The species table (crops, forage plants, shrubs and halophytes), optionally filtered by
    /// the salinity they tolerate.
    Species(cmd::species::Args),
    /// Plan a site: reclamation leaching, species and irrigation strategies simulated over the
    /// years and ranked by an objective, with a report.
    Plan(cmd::plan::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Et0(args) => cmd::et0::run(args),
        Command::Assess(args) => cmd::assess::run(args),
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Example(args) => cmd::example::run(args),
        Command::Species(args) => cmd::species::run(args),
        Command::Plan(args) => cmd::plan::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}
