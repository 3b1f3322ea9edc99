//! `aralkum simulate SCENARIO.toml --out DIR [--quiet]`: one soil column (INTERFACES sections 4
//! and 6). Reads and validates the scenario (exit 2 on bad input), runs it with a progress bar
//! on stderr (exit 1 if the run fails), writes the results and prints the summary's path.

use super::{CmdResult, Failure};
use aralkum_scenario::{load_scenario, write_outputs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;

/// Arguments of `aralkum simulate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Folder for daily.csv, profiles.csv, summary.json and report.html (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    let scenario = load_scenario(&args.scenario)?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {bar:40} {percent:>3}% {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar.set_message(scenario.name.clone());
        bar
    };
    let mut progress = |fraction: f64| bar.set_position((fraction * 1000.0).round() as u64);
    // The runner turns a solver panic into an error value with its message; keep the default
    // hook from also printing a backtrace over the progress bar meanwhile.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = aralkum_scenario::run(&scenario, &mut progress);
    std::panic::set_hook(hook);
    bar.finish_and_clear();
    let result = result.map_err(|e| Failure::Run(format!("{}: {e}", args.scenario.display())))?;
    let files = write_outputs(&result, &args.out).map_err(|e| Failure::Run(e.to_string()))?;
    println!("{}", files.summary.display());
    Ok(())
}
