//! Reading the TOML text into the raw schema, one top-level table at a time.
//!
//! serde stops at the first error it meets. To report every problem at once, each top-level
//! table is deserialized from the whole document on its own (the others are skipped), so a typo
//! in `[top]` does not hide one in `[[soil.layers]]`. Because every pass reads the original text,
//! each error keeps its line and column.

use super::schema::SECTIONS;
use crate::error::{InputError, InputErrors};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Line and column (both from 1) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Turns a toml error into a located [`InputError`]; `context` names the table being read.
pub fn toml_error(file: &str, text: &str, context: &str, e: &toml::de::Error) -> InputError {
    let location = match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            if context.is_empty() {
                format!("line {line}, column {column}")
            } else {
                format!("line {line}, column {column} ({context})")
            }
        }
        None if context.is_empty() => "document".to_string(),
        None => context.to_string(),
    };
    let message = e
        .message()
        .trim()
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key");
    InputError::new(file, location, "", message)
}

/// Reads one top-level table `name` of the document as `T`, skipping every other table.
struct Probe<T> {
    name: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Probe<T> {
    type Value = Option<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Probe<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a TOML document")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.name {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Reads table `name` (absent gives `None`); a structural error is pushed to `errors`.
pub fn section<T: DeserializeOwned>(
    file: &str,
    text: &str,
    name: &'static str,
    errors: &mut InputErrors,
) -> Option<T> {
    let probe = Probe::<T> {
        name,
        marker: PhantomData,
    };
    match probe.deserialize(toml::Deserializer::new(text)) {
        Ok(v) => v,
        Err(e) => {
            errors.push(toml_error(file, text, &format!("[{name}]"), &e));
            None
        }
    }
}

/// Checks the syntax of the document and that every top-level key is a known table.
/// Returns false when the text is not TOML at all (nothing else can then be read).
pub fn check_document(file: &str, text: &str, errors: &mut InputErrors) -> bool {
    match text.parse::<toml::Table>() {
        Err(e) => {
            errors.push(toml_error(file, text, "", &e));
            false
        }
        Ok(table) => {
            for key in table.keys() {
                if !SECTIONS.contains(&key.as_str()) {
                    errors.push(InputError::new(
                        file,
                        key.clone(),
                        "",
                        format!("unknown key; the tables are {}", SECTIONS.join(", ")),
                    ));
                }
            }
            true
        }
    }
}
