//! Located input errors: what a user needs to fix a file without reading our code.

use std::fmt;
use std::path::Path;

/// One problem in a user's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (as the user named it), or `<command line>` for an argument.
    pub file: String,
    /// Where in the file: `line 12, column 3 (tmin_c)` or a key path `soil.layers[1].n`.
    pub location: String,
    /// The offending value as written (empty when the problem is a missing item).
    pub value: String,
    /// What is wrong and what is allowed, e.g. `must be > 1`.
    pub message: String,
}

impl InputError {
    /// An error at a location of a file.
    pub fn new(
        file: impl Into<String>,
        location: impl Into<String>,
        value: impl Into<String>,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            file: file.into(),
            location: location.into(),
            value: value.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}: {}", self.file, self.location, self.message)
        } else {
            write!(
                f,
                "{}: {} = {}: {}",
                self.file, self.location, self.value, self.message
            )
        }
    }
}

/// Every problem found in an input, reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// No problems yet.
    pub fn new() -> InputErrors {
        InputErrors(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, error: InputError) {
        self.0.push(error);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else all the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, InputErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> InputErrors {
        InputErrors(vec![error])
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Reads a user's text file, or a located error saying it cannot be read. Returns the file's
/// name as errors should show it and its text.
pub fn read_input_file(path: &Path) -> Result<(String, String), InputErrors> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((file, text)),
        Err(e) => Err(InputErrors::from(InputError::new(
            &file,
            "file",
            "",
            format!("cannot be read: {e}"),
        ))),
    }
}
