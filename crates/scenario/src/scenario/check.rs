//! Collecting located problems while validating: every check records its error and carries on.

use crate::error::{InputError, InputErrors};
use std::fmt::Write;

/// Allowed interval of a number; open or closed at each end.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
}

impl Range {
    /// `> x`.
    pub fn gt(x: f64) -> Range {
        Range {
            min: Some((x, false)),
            max: None,
        }
    }
    /// `>= x`.
    pub fn ge(x: f64) -> Range {
        Range {
            min: Some((x, true)),
            max: None,
        }
    }
    /// `<= x` as well.
    pub fn and_le(mut self, x: f64) -> Range {
        self.max = Some((x, true));
        self
    }
    /// `< x` as well.
    pub fn and_lt(mut self, x: f64) -> Range {
        self.max = Some((x, false));
        self
    }

    /// True when `v` is finite and inside.
    pub fn contains(&self, v: f64) -> bool {
        if !v.is_finite() {
            return false;
        }
        let lo = self
            .min
            .is_none_or(|(m, inc)| if inc { v >= m } else { v > m });
        let hi = self
            .max
            .is_none_or(|(m, inc)| if inc { v <= m } else { v < m });
        lo && hi
    }

    /// `must be > 1`, `must be >= 0 and <= 1`.
    pub fn describe(&self) -> String {
        let mut s = String::from("must be");
        if let Some((m, inc)) = self.min {
            let _ = write!(s, " {} {m}", if inc { ">=" } else { ">" });
        }
        if let Some((m, inc)) = self.max {
            if self.min.is_some() {
                s.push_str(" and");
            }
            let _ = write!(s, " {} {m}", if inc { "<=" } else { "<" });
        }
        if self.min.is_none() && self.max.is_none() {
            s.push_str(" a finite number");
        }
        s
    }
}

/// The validator's notebook: the file name and the problems found so far.
pub struct Check {
    /// File as the user named it.
    pub file: String,
    /// Problems so far.
    pub errors: InputErrors,
}

impl Check {
    /// A notebook for `file`.
    pub fn new(file: impl Into<String>) -> Check {
        Check {
            file: file.into(),
            errors: InputErrors::new(),
        }
    }

    /// Records a problem at key path `path`.
    pub fn error(&mut self, path: &str, value: impl ToString, message: impl Into<String>) {
        self.errors.push(InputError::new(
            &self.file,
            path,
            value.to_string(),
            message,
        ));
    }

    /// A required key: records "missing key" when absent.
    pub fn required<T>(&mut self, v: Option<T>, path: &str) -> Option<T> {
        if v.is_none() {
            self.error(path, "", "missing key");
        }
        v
    }

    /// A number in `range`; `None` (after recording) when outside.
    pub fn number(&mut self, v: Option<f64>, path: &str, range: Range) -> Option<f64> {
        let v = v?;
        if range.contains(v) {
            Some(v)
        } else {
            self.error(path, v, range.describe());
            None
        }
    }

    /// A required number in `range`.
    pub fn required_number(&mut self, v: Option<f64>, path: &str, range: Range) -> Option<f64> {
        let v = self.required(v, path)?;
        self.number(Some(v), path, range)
    }

    /// An optional number with a default.
    pub fn number_or(&mut self, v: Option<f64>, path: &str, range: Range, default: f64) -> f64 {
        match v {
            None => default,
            Some(x) => self.number(Some(x), path, range).unwrap_or(default),
        }
    }

    /// A table of `[x, y]` pairs with strictly increasing x in `x_range` and y in `y_range`.
    pub fn pairs(
        &mut self,
        v: &[Vec<f64>],
        path: &str,
        x_range: Range,
        y_range: Range,
    ) -> Option<Vec<(f64, f64)>> {
        let before = self.errors.0.len();
        if v.is_empty() {
            self.error(path, "[]", "needs at least one [x, y] pair");
        }
        let mut out = Vec::with_capacity(v.len());
        for (i, p) in v.iter().enumerate() {
            let p_path = format!("{path}[{i}]");
            if p.len() != 2 {
                self.error(&p_path, format!("{p:?}"), "must be a pair [x, y]");
                continue;
            }
            let x = self.number(Some(p[0]), &format!("{p_path}[0]"), x_range);
            let y = self.number(Some(p[1]), &format!("{p_path}[1]"), y_range);
            if let (Some(x), Some(y)) = (x, y) {
                if let Some(&(last, _)) = out.last() {
                    if x <= last {
                        self.error(
                            &format!("{p_path}[0]"),
                            x,
                            format!("must be > {last} (the pairs go in increasing order)"),
                        );
                    }
                }
                out.push((x, y));
            }
        }
        (self.errors.0.len() == before).then_some(out)
    }

    /// One of the named strings.
    pub fn choice<'a>(&mut self, v: &str, path: &str, allowed: &[&'a str]) -> Option<&'a str> {
        match allowed.iter().find(|a| **a == v) {
            Some(a) => Some(a),
            None => {
                let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
                self.error(
                    path,
                    format!("\"{v}\""),
                    format!("must be one of {}", list.join(", ")),
                );
                None
            }
        }
    }

    /// Records that `path` has no meaning in this context.
    pub fn unused<T>(&mut self, v: &Option<T>, path: &str, why: &str)
    where
        T: std::fmt::Debug,
    {
        if let Some(x) = v {
            self.error(path, format!("{x:?}"), why.to_string());
        }
    }
}
