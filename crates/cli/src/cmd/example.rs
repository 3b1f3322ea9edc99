//! `aralkum example NAME --out DIR`: writes a built-in demonstration-site scenario and its weather.

use super::{CmdResult, Failure};
use aralkum_scenario::examples::{example, write_example, EXAMPLES};
use std::path::PathBuf;

/// Arguments of `aralkum example`.
#[derive(clap::Args, Debug)]
#[command(after_help = examples_help())]
pub struct Args {
    /// Example to write: sandy_plain, loamy_solonchak or takyr_clay. Without it, lists them.
    pub name: Option<String>,
    /// Folder to write scenario.toml and weather.csv into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn examples_help() -> String {
    let mut s = String::from("Built-in examples (dried Aral seabed archetypes):\n");
    for e in &EXAMPLES {
        s.push_str(&format!("  {:<16} {}\n", e.name, e.description));
    }
    s.push_str("Run one with: aralkum simulate DIR/scenario.toml --out DIR/result");
    s
}

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    let Some(name) = args.name else {
        println!("{}", examples_help());
        return Ok(());
    };
    let example = example(&name).map_err(aralkum_scenario::InputErrors::from)?;
    let dir = args.out.unwrap_or_else(|| PathBuf::from(example.name));
    let paths = write_example(example, &dir).map_err(|e| {
        Failure::Run(format!(
            "cannot write the example to {}: {e}",
            dir.display()
        ))
    })?;
    for p in paths {
        println!("{}", p.display());
    }
    Ok(())
}
