//! Located errors for the CSV files aralkum reads (samples, species, forcing series, weather):
//! one wording and one way of finding the line, whichever reader met the problem.

use crate::error::InputError;

/// Line of a CSV error (1-based; 0 when the reader does not know it).
pub fn error_line(e: &csv::Error) -> u64 {
    e.position().map_or(0, |p| p.line())
}

/// Line of a CSV record (1-based; 0 when the reader does not know it).
pub fn record_line(position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| p.line())
}

/// The error for a header row the reader could not read.
pub fn unreadable_header(file: &str, e: &csv::Error) -> InputError {
    InputError::new(file, "line 1", "", format!("unreadable header: {e}"))
}

/// The error for a row the reader could not read (bad quoting, invalid UTF-8, ...).
pub fn unreadable_row(file: &str, e: &csv::Error) -> InputError {
    InputError::new(
        file,
        format!("line {}", error_line(e)),
        "",
        format!("unreadable CSV row: {e}"),
    )
}
