//! Writing a run's results (INTERFACES section 6): `daily.csv`, `profiles.csv`, `summary.json`
//! and `report.html` in one folder.
//!
//! Every text is built in memory and checked for non-finite numbers before the first file is
//! written, so a failure never leaves a half-written or garbage result behind.

pub mod report;
pub mod summary;
pub mod svg;
pub mod tables;

use crate::run::RunResult;
use std::fmt;
use std::path::{Path, PathBuf};

/// Paths of the files written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFiles {
    /// `daily.csv`.
    pub daily: PathBuf,
    /// `profiles.csv`.
    pub profiles: PathBuf,
    /// `summary.json`.
    pub summary: PathBuf,
    /// `report.html`.
    pub report: PathBuf,
}

/// Why results could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// A number to be written is not finite.
    NonFinite(String),
    /// The file system refused.
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::NonFinite(what) => {
                write!(f, "{what} is not a finite number; nothing was written")
            }
            OutputError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

/// Finds a non-finite number in a written text: a token `NaN`, `inf`, `-inf` or `null`
/// (serde_json writes a non-finite float as `null`), or `NaN` glued to SVG path commands.
fn no_nan(name: &str, text: &str) -> Result<(), OutputError> {
    for (k, line) in text.lines().enumerate() {
        let bad = line.contains("NaN")
            || line
                .split(|c: char| c == ',' || c == '"' || c == '=' || c == ':' || c.is_whitespace())
                .any(|t| matches!(t, "inf" | "-inf" | "+inf" | "null"));
        if bad {
            return Err(OutputError::NonFinite(format!(
                "a value in {name}, line {}",
                k + 1
            )));
        }
    }
    Ok(())
}

/// Writes the four files into `dir` (created if needed).
pub fn write_outputs(result: &RunResult, dir: &Path) -> Result<OutputFiles, OutputError> {
    let daily = tables::daily_csv(result);
    let profiles = tables::profiles_csv(result);
    let summary = serde_json::to_string_pretty(&summary::summary_json(result)).unwrap_or_default();
    no_nan("daily.csv", &daily)?;
    no_nan("profiles.csv", &profiles)?;
    no_nan("summary.json", &summary)?;
    let report = report::report_html(result);
    no_nan("report.html", &report)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| OutputError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let files = OutputFiles {
        daily: dir.join("daily.csv"),
        profiles: dir.join("profiles.csv"),
        summary: dir.join("summary.json"),
        report: dir.join("report.html"),
    };
    std::fs::write(&files.daily, daily).map_err(io(&files.daily))?;
    std::fs::write(&files.profiles, profiles).map_err(io(&files.profiles))?;
    std::fs::write(&files.summary, summary + "\n").map_err(io(&files.summary))?;
    std::fs::write(&files.report, report).map_err(io(&files.report))?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::no_nan;

    #[test]
    fn finds_non_finite_numbers_only() {
        assert!(no_nan("a", "time_d,infiltration_cm\n1,0.5\n").is_ok());
        assert!(no_nan("a", "time_d,x\n1,NaN\n").is_err());
        assert!(no_nan("a", "time_d,x\n1,inf\n").is_err());
        assert!(no_nan("a", "{\n  \"x\": null\n}").is_err());
        assert!(no_nan("a", "<path d=\"MNaN,1\"/>").is_err());
    }
}
