//! The built-in species table: crops, forage plants, shrubs and halophytes of the dried Aral
//! seabed (`data/species/species.csv`, sources in `data/species/SOURCES.md`).
//!
//! The table is embedded in the binary and validated when first read: every cell is checked
//! against its allowed range, each row has exactly one salt model and one canopy model, and every
//! parameter group has a non-empty `*_source` cell (a number without a source is an error, not a
//! default). The columns are defined once, in [`COLUMNS`], with the source column that covers
//! each number.

use crate::csv_errors::{record_line, unreadable_header, unreadable_row};
use crate::error::{InputError, InputErrors};
use aralkum_core::crop::{
    Canopy, FeddesHeads, KcCurve, RootGrowth, RootParams, SaltTolerance, ShrubCover, SpeciesParams,
};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The file the table comes from, as named in error messages.
pub const SPECIES_FILE: &str = "data/species/species.csv";

const SPECIES_CSV: &str = include_str!("../../../data/species/species.csv");

/// What kind of plant a species is (INTERFACES section 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpeciesKind {
    /// A field crop grown for its harvest (grain, fibre, roots, seed).
    Crop,
    /// A plant grown or kept for livestock feed.
    Forage,
    /// A woody plant used for afforestation, sand fixation or shelter.
    Shrub,
    /// A plant of strongly saline land (annual or perennial).
    Halophyte,
}

impl SpeciesKind {
    /// All kinds, in table order.
    pub const ALL: [SpeciesKind; 4] = [
        SpeciesKind::Crop,
        SpeciesKind::Forage,
        SpeciesKind::Shrub,
        SpeciesKind::Halophyte,
    ];

    /// The name used in the table and in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            SpeciesKind::Crop => "crop",
            SpeciesKind::Forage => "forage",
            SpeciesKind::Shrub => "shrub",
            SpeciesKind::Halophyte => "halophyte",
        }
    }

    fn parse(s: &str) -> Option<SpeciesKind> {
        SpeciesKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for SpeciesKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text or number of one cell, kept for output (JSON keys are the column names, which carry
/// their units).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A text cell.
    Text(String),
    /// A numeric cell.
    Number(f64),
    /// An empty cell (the group does not apply to this species).
    Empty,
}

/// One species: identity, its numbers for the science, and the source of each group.
#[derive(Clone, Debug, PartialEq)]
pub struct Species {
    /// Lowercase snake_case id (`barley`, `haloxylon_aphyllum`).
    pub id: String,
    /// Common English name.
    pub name: String,
    /// Latin name.
    pub latin: String,
    /// Kind of plant.
    pub kind: SpeciesKind,
    /// Every number of the row, typed.
    pub params: SpeciesParams,
    /// Source column name -> its text (`salt_source`, `feddes_source`, ...).
    pub sources: Vec<(&'static str, String)>,
    /// Every cell of the row, in column order.
    pub cells: Vec<(&'static str, Cell)>,
}

impl Species {
    /// Whether the species tolerates a steady root-zone ECe (dS/m): its relative yield or growth
    /// there is at least 50 % (Maas-Hoffman: ECe <= threshold + 50/slope, as FAO-29 Table 4's
    /// 50 % column; S-shape: ECe <= ECe50) and the ECe is below its survival limit.
    pub fn tolerates(&self, ece_ds_m: f64) -> bool {
        self.params.tolerates(ece_ds_m)
    }

    /// The ECe (dS/m) at which relative yield or growth is halved.
    pub fn ece_50pct_yield_ds_m(&self) -> f64 {
        self.params.salt.ece_at_relative_yield(0.5)
    }

    /// The source text of a group (`"salt_source"`, ...), empty if unknown.
    pub fn source(&self, source_column: &str) -> &str {
        self.sources
            .iter()
            .find(|(c, _)| *c == source_column)
            .map(|(_, s)| s.as_str())
            .unwrap_or("")
    }

    /// The row as a JSON object: every column (names carry units), empty cells as `null`, and
    /// the derived `ece_50pct_yield_ds_m`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (name, cell) in &self.cells {
            let v = match cell {
                Cell::Text(t) => serde_json::Value::String(t.clone()),
                Cell::Number(x) => serde_json::Number::from_f64(*x)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null),
                Cell::Empty => serde_json::Value::Null,
            };
            map.insert((*name).to_string(), v);
        }
        if let Some(n) = serde_json::Number::from_f64(self.ece_50pct_yield_ds_m()) {
            map.insert("ece_50pct_yield_ds_m".into(), serde_json::Value::Number(n));
        }
        serde_json::Value::Object(map)
    }
}

/// Whether a column holds text or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text (identity, model names, sources).
    Text,
    /// A number in the unit its name carries.
    Number,
}

/// One column of the table: its name, kind, and for numbers the source column that covers it.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Header name (with its unit).
    pub name: &'static str,
    /// Text or number.
    pub kind: ColumnKind,
    /// For a number (and a model choice), the `*_source` column that gives its reference.
    pub source: Option<&'static str>,
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: ColumnKind::Text,
        source: None,
    }
}

const fn model(name: &'static str, source: &'static str) -> Column {
    Column {
        name,
        kind: ColumnKind::Text,
        source: Some(source),
    }
}

const fn number(name: &'static str, source: &'static str) -> Column {
    Column {
        name,
        kind: ColumnKind::Number,
        source: Some(source),
    }
}

/// The columns of `species.csv`, in order: the single definition the reader, the validation and
/// the JSON output follow.
pub const COLUMNS: &[Column] = &[
    text("id"),
    text("name"),
    text("latin"),
    text("kind"),
    model("salt_model", "salt_source"),
    number("salt_threshold_ds_m", "salt_source"),
    number("salt_slope_pct_per_ds_m", "salt_source"),
    number("salt_ece50_ds_m", "salt_source"),
    number("salt_exponent", "salt_source"),
    number("survival_ece_ds_m", "salt_source"),
    text("salt_source"),
    number("feddes_h1_cm", "feddes_source"),
    number("feddes_h2_cm", "feddes_source"),
    number("feddes_h3_high_cm", "feddes_source"),
    number("feddes_h3_low_cm", "feddes_source"),
    number("feddes_h4_cm", "feddes_source"),
    text("feddes_source"),
    number("root_depth_min_cm", "root_source"),
    number("root_depth_max_cm", "root_source"),
    number("root_growth_days", "root_source"),
    number("root_growth_years", "root_source"),
    text("root_source"),
    model("canopy_model", "kc_source"),
    number("kc_ini", "kc_source"),
    number("kc_mid", "kc_source"),
    number("kc_end", "kc_source"),
    number("l_ini_d", "kc_source"),
    number("l_dev_d", "kc_source"),
    number("l_mid_d", "kc_source"),
    number("l_late_d", "kc_source"),
    text("kc_source"),
    number("cover_initial_frac", "cover_source"),
    number("cover_max_frac", "cover_source"),
    number("years_to_max_cover", "cover_source"),
    number("kcb_full", "cover_source"),
    number("active_season_d", "cover_source"),
    text("cover_source"),
    number("max_height_m", "height_source"),
    text("height_source"),
    number("ky", "ky_source"),
    text("ky_source"),
    number("wp_star_g_m2", "wp_source"),
    text("wp_source"),
    number("harvest_index", "hi_source"),
    text("hi_source"),
    number("forage_fraction", "forage_source"),
    number("crude_protein_pct_dm", "forage_source"),
    text("forage_source"),
];

/// The source columns (every column named `*_source`).
pub fn source_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS
        .iter()
        .map(|c| c.name)
        .filter(|n| n.ends_with("_source"))
}

/// The whole species table, parsed and validated (read once, then cloned).
pub fn species_table() -> Result<Vec<Species>, InputErrors> {
    static TABLE: OnceLock<Result<Vec<Species>, InputErrors>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_species_csv(SPECIES_CSV, SPECIES_FILE))
        .clone()
}

/// One species by id. An unknown id gives an [`InputError`] (file [`SPECIES_FILE`], location
/// `id`) whose message lists the closest ids; callers reading their own files may replace the
/// file and location with theirs (the fields are public).
pub fn find_species(id: &str) -> Result<Species, InputError> {
    let table = species_table().map_err(|e| {
        InputError::new(
            SPECIES_FILE,
            "table",
            "",
            format!("the built-in species table is invalid: {e}"),
        )
    })?;
    if let Some(s) = table.iter().find(|s| s.id == id) {
        return Ok(s.clone());
    }
    let ids: Vec<&str> = table.iter().map(|s| s.id.as_str()).collect();
    let close = closest_ids(id, &ids);
    let hint = if close.is_empty() {
        format!("known species: {}", ids.join(", "))
    } else {
        format!("did you mean {}?", close.join(", "))
    };
    Err(InputError::new(
        SPECIES_FILE,
        "id",
        id,
        format!("unknown species; {hint} (`aralkum species` lists them all)"),
    ))
}

/// Ids close to `query`: those within an edit distance of max(2, len/3), or that contain it or
/// one of its `_`-separated words (`saxaul` is not an id, but `haloxylon` matches both saxauls),
/// best first, at most five.
pub fn closest_ids<'a>(query: &str, ids: &[&'a str]) -> Vec<&'a str> {
    let q = query.trim().to_lowercase().replace([' ', '-'], "_");
    let limit = (q.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = ids
        .iter()
        .filter_map(|&id| {
            let d = edit_distance(&q, id);
            let words_match = q
                .split('_')
                .filter(|w| w.len() >= 4)
                .any(|w| id.contains(w));
            if d <= limit {
                Some((d, id))
            } else if !q.is_empty() && (id.contains(q.as_str()) || words_match) {
                Some((limit + 1, id))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, id)| id).collect()
}

/// Levenshtein edit distance (insertions, deletions, substitutions) between two strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Parses and validates a species table in the format of `species.csv`; `file` names it in
/// error messages. Every problem is reported, not only the first.
pub fn parse_species_csv(text: &str, file: &str) -> Result<Vec<Species>, InputErrors> {
    let mut errors = InputErrors::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(unreadable_header(file, &e));
            return Err(errors);
        }
    };
    let header_names: Vec<&str> = headers.iter().collect();
    let expected: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    if header_names != expected {
        for (i, c) in expected.iter().enumerate() {
            if !header_names.contains(c) {
                errors.push(InputError::new(
                    file,
                    "line 1",
                    "",
                    format!("missing column `{c}` (expected at position {})", i + 1),
                ));
            }
        }
        for (i, h) in header_names.iter().enumerate() {
            if !expected.contains(h) {
                errors.push(InputError::new(
                    file,
                    format!("line 1, column {}", i + 1),
                    *h,
                    format!("unknown column; allowed: {}", expected.join(", ")),
                ));
            }
        }
        if errors.is_empty() {
            errors.push(InputError::new(
                file,
                "line 1",
                "",
                format!("columns out of order; expected: {}", expected.join(",")),
            ));
        }
        return Err(errors);
    }
    let mut species = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(unreadable_row(file, &e));
                continue;
            }
        };
        let line = record_line(record.position());
        let row = Row {
            file,
            line,
            record: &record,
        };
        if let Some(s) = row.species(&mut errors) {
            if let Some(first) = seen.insert(s.id.clone(), line) {
                errors.push(row.error(0, &s.id, format!("duplicate id (first on line {first})")));
            }
            species.push(s);
        }
    }
    if species.is_empty() && errors.is_empty() {
        errors.push(InputError::new(
            file,
            "line 2",
            "",
            "the table has no species",
        ));
    }
    errors.into_result(species)
}

/// One data row being read, with what is needed to locate errors.
struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn index(name: &str) -> usize {
        COLUMNS
            .iter()
            .position(|c| c.name == name)
            .expect("column defined in COLUMNS")
    }

    fn raw(&self, name: &str) -> &str {
        self.record.get(Self::index(name)).unwrap_or("").trim()
    }

    fn error(&self, index: usize, value: &str, message: impl Into<String>) -> InputError {
        InputError::new(
            self.file,
            format!(
                "line {}, column {} ({})",
                self.line,
                index + 1,
                COLUMNS[index].name
            ),
            value,
            message,
        )
    }

    fn err(&self, name: &str, message: impl Into<String>) -> InputError {
        self.error(Self::index(name), self.raw(name), message)
    }

    /// A number, or `None` when the cell is empty; a malformed number is an error.
    fn opt(&self, name: &str, errors: &mut InputErrors) -> Option<f64> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        match raw.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                errors.push(self.err(name, "must be a number"));
                None
            }
        }
    }

    /// A required number within [lo, hi] (or (lo, hi] when `lo_open`).
    fn req(&self, name: &str, lo: f64, lo_open: bool, hi: f64, errors: &mut InputErrors) -> f64 {
        let Some(x) = self.opt_in(name, lo, lo_open, hi, errors) else {
            if self.raw(name).is_empty() {
                errors.push(self.err(name, format!("missing; allowed {}", range(lo, lo_open, hi))));
            }
            return f64::NAN;
        };
        x
    }

    /// An optional number within its range when present.
    fn opt_in(
        &self,
        name: &str,
        lo: f64,
        lo_open: bool,
        hi: f64,
        errors: &mut InputErrors,
    ) -> Option<f64> {
        let x = self.opt(name, errors)?;
        let ok = if lo_open { x > lo } else { x >= lo } && x <= hi;
        if ok {
            Some(x)
        } else {
            errors.push(self.err(
                name,
                format!("out of range; allowed {}", range(lo, lo_open, hi)),
            ));
            None
        }
    }

    /// Requires the listed cells to be empty (they belong to another model).
    fn require_empty(&self, names: &[&str], why: &str, errors: &mut InputErrors) {
        for n in names {
            if !self.raw(n).is_empty() {
                errors.push(self.err(n, format!("must be empty {why}")));
            }
        }
    }

    fn species(&self, errors: &mut InputErrors) -> Option<Species> {
        let before = errors.0.len();
        if self.record.len() != COLUMNS.len() {
            errors.push(InputError::new(
                self.file,
                format!("line {}", self.line),
                "",
                format!("{} cells, expected {}", self.record.len(), COLUMNS.len()),
            ));
            return None;
        }
        let id = self.raw("id").to_string();
        let id_ok = !id.is_empty()
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !id_ok {
            errors.push(self.err("id", "must be lowercase snake_case (a-z, 0-9, _)"));
        }
        for n in ["name", "latin"] {
            if self.raw(n).is_empty() {
                errors.push(self.err(n, "must not be empty"));
            }
        }
        let kind = SpeciesKind::parse(self.raw("kind"));
        if kind.is_none() {
            errors.push(self.err("kind", "allowed: crop, forage, shrub, halophyte"));
        }
        for s in source_columns() {
            if self.raw(s).is_empty() {
                errors.push(self.err(
                    s,
                    "every parameter group needs a source (a reference, `estimate: <reasoning>` or `not used: <why>`)",
                ));
            }
        }

        let salt = match self.raw("salt_model") {
            "maas_hoffman" => {
                let t = self.req("salt_threshold_ds_m", 0.0, false, 50.0, errors);
                let b = self.req("salt_slope_pct_per_ds_m", 0.0, true, 100.0, errors);
                self.require_empty(
                    &["salt_ece50_ds_m", "salt_exponent"],
                    "with salt_model maas_hoffman",
                    errors,
                );
                Some(SaltTolerance::MaasHoffman {
                    threshold_ds_m: t,
                    slope_pct_per_ds_m: b,
                })
            }
            "s_shape" => {
                let e = self.req("salt_ece50_ds_m", 0.0, true, 300.0, errors);
                let p = self.req("salt_exponent", 0.0, true, 20.0, errors);
                self.require_empty(
                    &["salt_threshold_ds_m", "salt_slope_pct_per_ds_m"],
                    "with salt_model s_shape",
                    errors,
                );
                Some(SaltTolerance::SShape {
                    ece50_ds_m: e,
                    exponent: p,
                })
            }
            _ => {
                errors.push(self.err("salt_model", "allowed: maas_hoffman, s_shape"));
                None
            }
        };
        let survival = self.req("survival_ece_ds_m", 0.0, true, 300.0, errors);
        if let Some(s) = salt {
            let half = s.ece_at_relative_yield(0.5);
            if survival.is_finite() && half.is_finite() && survival <= half {
                errors.push(self.err(
                    "survival_ece_ds_m",
                    format!("must exceed the ECe of 50 % yield ({half:.2} dS/m)"),
                ));
            }
        }

        let h = [
            self.req("feddes_h1_cm", -1000.0, false, 200.0, errors),
            self.req("feddes_h2_cm", -1000.0, false, 200.0, errors),
            self.req("feddes_h3_high_cm", -100000.0, false, 0.0, errors),
            self.req("feddes_h3_low_cm", -100000.0, false, 0.0, errors),
            self.req("feddes_h4_cm", -200000.0, false, -1.0, errors),
        ];
        let order = [
            ("feddes_h2_cm", h[1] <= h[0], "must be <= feddes_h1_cm"),
            ("feddes_h3_high_cm", h[2] < h[1], "must be < feddes_h2_cm"),
            (
                "feddes_h3_low_cm",
                h[3] <= h[2],
                "must be <= feddes_h3_high_cm",
            ),
            ("feddes_h4_cm", h[4] < h[3], "must be < feddes_h3_low_cm"),
        ];
        if h.iter().all(|x| x.is_finite()) {
            for (n, ok, msg) in order {
                if !ok {
                    errors.push(self.err(n, msg));
                }
            }
        }

        let zmin = self.req("root_depth_min_cm", 0.0, true, 2000.0, errors);
        let zmax = self.req("root_depth_max_cm", 0.0, true, 2000.0, errors);
        if zmin.is_finite() && zmax.is_finite() && zmin > zmax {
            errors.push(self.err("root_depth_max_cm", "must be >= root_depth_min_cm"));
        }
        let days = self.opt_in("root_growth_days", 0.0, true, 400.0, errors);
        let years = self.opt_in("root_growth_years", 0.0, true, 50.0, errors);
        let growth = match (
            days,
            years,
            self.raw("root_growth_days").is_empty(),
            self.raw("root_growth_years").is_empty(),
        ) {
            (Some(d), None, _, true) => Some(RootGrowth::Days(d)),
            (None, Some(y), true, _) => Some(RootGrowth::Years(y)),
            (_, _, true, true) => {
                errors.push(self.err(
                    "root_growth_days",
                    "give root_growth_days (annual) or root_growth_years (perennial)",
                ));
                None
            }
            (_, _, false, false) => {
                errors.push(self.err(
                    "root_growth_years",
                    "give only one of root_growth_days and root_growth_years",
                ));
                None
            }
            _ => None, // a range error is already recorded
        };

        let kc_cols = [
            "kc_ini", "kc_mid", "kc_end", "l_ini_d", "l_dev_d", "l_mid_d", "l_late_d",
        ];
        let cover_cols = [
            "cover_initial_frac",
            "cover_max_frac",
            "years_to_max_cover",
            "kcb_full",
            "active_season_d",
        ];
        let canopy = match self.raw("canopy_model") {
            "kc_curve" => {
                let curve = KcCurve {
                    kc_ini: self.req("kc_ini", 0.0, false, 2.0, errors),
                    kc_mid: self.req("kc_mid", 0.0, true, 2.0, errors),
                    kc_end: self.req("kc_end", 0.0, false, 2.0, errors),
                    l_ini_d: self.req("l_ini_d", 0.0, true, 366.0, errors),
                    l_dev_d: self.req("l_dev_d", 0.0, true, 366.0, errors),
                    l_mid_d: self.req("l_mid_d", 0.0, true, 366.0, errors),
                    l_late_d: self.req("l_late_d", 0.0, true, 366.0, errors),
                };
                self.require_empty(&cover_cols, "with canopy_model kc_curve", errors);
                Some(Canopy::KcCurve(curve))
            }
            "cover_curve" => {
                let cover = ShrubCover {
                    initial_frac: self.req("cover_initial_frac", 0.0, false, 1.0, errors),
                    max_frac: self.req("cover_max_frac", 0.0, true, 1.0, errors),
                    years_to_max: self.req("years_to_max_cover", 0.0, true, 100.0, errors),
                };
                if cover.initial_frac > cover.max_frac {
                    errors.push(self.err("cover_initial_frac", "must be <= cover_max_frac"));
                }
                let kcb_full = self.req("kcb_full", 0.0, true, 1.5, errors);
                let active = self.req("active_season_d", 0.0, true, 366.0, errors);
                self.require_empty(&kc_cols, "with canopy_model cover_curve", errors);
                Some(Canopy::CoverCurve {
                    cover,
                    kcb_full,
                    active_season_d: active,
                })
            }
            _ => {
                errors.push(self.err("canopy_model", "allowed: kc_curve, cover_curve"));
                None
            }
        };

        let height = self.req("max_height_m", 0.0, true, 30.0, errors);
        let ky = self.req("ky", 0.0, false, 3.0, errors);
        // The uptake stress handed to the solver (SpeciesParams::solver_salt_stress) reproduces
        // the salt response through Ky only when an S-shape species has Ky = 1.
        if matches!(salt, Some(SaltTolerance::SShape { .. })) && ky.is_finite() && ky != 1.0 {
            errors.push(self.err(
                "ky",
                "must be 1 with salt_model s_shape (growth follows transpiration)",
            ));
        }
        let wp = self.req("wp_star_g_m2", 0.0, true, 60.0, errors);
        let hi = self.opt_in("harvest_index", 0.0, true, 1.0, errors);
        let forage = self.req("forage_fraction", 0.0, false, 1.0, errors);
        let cp = self.opt_in("crude_protein_pct_dm", 0.0, true, 60.0, errors);
        let cp_empty = self.raw("crude_protein_pct_dm").is_empty();
        if forage > 0.0 && cp_empty {
            errors.push(self.err(
                "crude_protein_pct_dm",
                "required when forage_fraction > 0; allowed (0, 60]",
            ));
        }
        if forage == 0.0 && !cp_empty {
            errors.push(self.err(
                "crude_protein_pct_dm",
                "must be empty when forage_fraction is 0",
            ));
        }

        if errors.0.len() > before {
            return None;
        }
        let params = SpeciesParams {
            salt: salt?,
            survival_ece_ds_m: survival,
            feddes: FeddesHeads {
                h1_cm: h[0],
                h2_cm: h[1],
                h3_high_cm: h[2],
                h3_low_cm: h[3],
                h4_cm: h[4],
            },
            roots: RootParams {
                min_cm: zmin,
                max_cm: zmax,
                growth: growth?,
            },
            canopy: canopy?,
            max_height_m: height,
            ky,
            wp_star_g_m2: wp,
            harvest_index: hi,
            forage_fraction: forage,
            crude_protein_pct_dm: cp,
        };
        let cells = COLUMNS
            .iter()
            .map(|c| {
                let raw = self.raw(c.name);
                let cell = if raw.is_empty() {
                    Cell::Empty
                } else if c.kind == ColumnKind::Number {
                    Cell::Number(raw.parse().unwrap_or(f64::NAN))
                } else {
                    Cell::Text(raw.to_string())
                };
                (c.name, cell)
            })
            .collect();
        let sources = source_columns()
            .map(|s| (s, self.raw(s).to_string()))
            .collect();
        Some(Species {
            id,
            name: self.raw("name").to_string(),
            latin: self.raw("latin").to_string(),
            kind: kind?,
            params,
            sources,
            cells,
        })
    }
}

fn range(lo: f64, lo_open: bool, hi: f64) -> String {
    format!("{}{lo}, {hi}]", if lo_open { "(" } else { "[" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("barley", "barley"), 0);
    }
}
