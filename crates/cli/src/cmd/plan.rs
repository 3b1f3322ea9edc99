//! `aralkum plan SITE.toml --out DIR [--quiet]`: species ranking, water and leaching plan, report
//! (INTERFACES section 4, issue 4). Reads and validates the site file (exit 2 on bad input or an
//! unknown species, the message listing close names), makes the plan with a progress bar on
//! stderr over the candidate runs (exit 1 if it fails), writes plan.json, plan.csv and
//! report.html and prints the path of plan.json.

use super::{CmdResult, Failure};
use aralkum_scenario::plan::{load_site, make_plan, write_plan};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;

/// Arguments of `aralkum plan`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The site file (TOML, INTERFACES section 5).
    pub site: PathBuf,
    /// Folder for plan.json, plan.csv and report.html (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    let site = load_site(&args.site)?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} options {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar.set_message(site.name.clone());
        bar
    };
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let plan = make_plan(&site, &progress);
    bar.finish_and_clear();
    let plan = plan.map_err(|e| Failure::Run(format!("{}: {e}", args.site.display())))?;
    let files = write_plan(&plan, &args.out).map_err(|e| Failure::Run(e.to_string()))?;
    println!("{}", files.json.display());
    Ok(())
}
