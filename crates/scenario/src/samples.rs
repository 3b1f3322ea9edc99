//! Soil samples for `aralkum assess`: the CSV reader (validated at the edge, every problem
//! reported with file, line, column, value and what is allowed) and the per-sample assessment
//! (salinity class, SAR, ESP, sodicity, leaching depth, gypsum and leaching requirement).
//!
//! # The samples file
//! One row per sample; columns are matched by header name (any order, case-insensitive; other
//! columns are ignored; lines starting with `#` are comments):
//!
//! | column | unit | required | allowed |
//! |---|---|---|---|
//! | `sample_id` | | yes | non-empty, unique |
//! | `depth_top_cm`, `depth_bottom_cm` | cm | yes | 0 <= top < bottom <= 10000 |
//! | `texture` | | or the three below | a USDA class name or abbreviation (`sandy loam`, `sandy_loam`, `SL`) |
//! | `sand_pct`, `silt_pct`, `clay_pct` | % | or `texture` | each 0-100, sum 100 +- 1 |
//! | `ece_ds_m` | dS/m | this or `ec1_5_ds_m` | 0-300 |
//! | `ec1_5_ds_m` | dS/m | this or `ece_ds_m` | 0-100, converted by texture (Slavich & Petterson 1993) |
//! | `na_meq_l`, `ca_meq_l`, `mg_meq_l` | meq/L | no (all three or none) | >= 0, Ca + Mg > 0 |
//! | `cec_cmol_kg` | cmol_c/kg | no | > 0 and <= 200 |
//! | `bulk_density_g_cm3` | g/cm3 | no | 0.5-2.4 |
//!
//! A row that gives both a texture class and sand/silt/clay must agree; a row that gives both
//! ECe and EC1:5 uses the measured ECe. Na, Ca and Mg are those of the saturation extract.

use crate::csv_errors::{record_line, unreadable_header, unreadable_row};
use crate::error::{InputError, InputErrors};
use aralkum_core::reclaim::{
    gypsum_requirement_t_ha, hoffman_k, leaching_depth_cm, leaching_requirement, GypsumInput,
    LeachingMethod, DEFAULT_EXCHANGE_EFFICIENCY,
};
use aralkum_core::salinity::{
    ece_ds_m_from_ec1_5, esp_pct_from_sar, is_sodic, sodium_adsorption_ratio, SalinityClass,
    SaltAffectedCategory,
};
use aralkum_core::soil::{TextureClass, TextureError};
use std::collections::HashMap;
use std::path::Path;

/// Where a sample's ECe came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EceSource {
    /// Measured on the saturation extract (`ece_ds_m`).
    Measured,
    /// Converted from a 1:5 extract (`ec1_5_ds_m`) by the texture factor.
    FromEc1To5,
}

impl EceSource {
    /// `measured` or `ec1_5`.
    pub fn name(self) -> &'static str {
        match self {
            EceSource::Measured => "measured",
            EceSource::FromEc1To5 => "ec1_5",
        }
    }
}

/// One validated soil sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The sample's identifier.
    pub sample_id: String,
    /// Line of the file the sample was read from (1-based).
    pub line: u64,
    /// Top of the sampled layer (cm below the surface).
    pub depth_top_cm: f64,
    /// Bottom of the sampled layer (cm below the surface).
    pub depth_bottom_cm: f64,
    /// USDA texture class (given, or classified from the fractions).
    pub texture: TextureClass,
    /// Sand, silt and clay (%) when given.
    pub fractions_pct: Option<[f64; 3]>,
    /// ECe of the saturation extract (dS/m), measured or converted.
    pub ece_ds_m: f64,
    /// Where `ece_ds_m` came from.
    pub ece_source: EceSource,
    /// EC of the 1:5 extract (dS/m) when given.
    pub ec1_5_ds_m: Option<f64>,
    /// Na, Ca, Mg of the saturation extract (meq/L), all three or none.
    pub cations_meq_l: Option<[f64; 3]>,
    /// Cation exchange capacity (cmol_c/kg).
    pub cec_cmol_kg: Option<f64>,
    /// Dry bulk density (g/cm3).
    pub bulk_density_g_cm3: Option<f64>,
}

/// Reads and validates a samples file (see the module documentation for its columns).
/// Errors name the file as `path` is written.
pub fn read_samples(path: &Path) -> Result<Vec<Sample>, InputErrors> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::new(
            &file,
            "file",
            "",
            format!("cannot read the samples file: {e}"),
        )
    })?;
    parse_samples(&bytes, &file)
}

/// Validates the samples CSV in `bytes`; `file` names it in the errors. Every problem is
/// reported, not only the first.
pub fn parse_samples(bytes: &[u8], file: &str) -> Result<Vec<Sample>, InputErrors> {
    let mut errors = InputErrors::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(unreadable_header(file, &e));
            return Err(errors);
        }
    };
    let columns = Columns::from_header(&header, file)?;
    let mut samples = Vec::new();
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    for result in reader.byte_records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                errors.push(unreadable_row(file, &e));
                continue;
            }
        };
        let line = record_line(record.position());
        if record.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        let row = Row {
            file,
            line,
            record: &record,
            columns: &columns,
        };
        // Ids are checked for repeats on every row, valid or not, so that a repeat is reported
        // even when the first row with that id has other problems.
        let id = row
            .raw("sample_id")
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let mut repeated = false;
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            if let Some(first) = first_line_of_id.get(&id) {
                errors.push(row.error(
                    "sample_id",
                    &id,
                    format!("repeated sample_id (first on line {first}); ids must be unique"),
                ));
                repeated = true;
            } else {
                first_line_of_id.insert(id, line);
            }
        }
        if let Some(sample) = row.sample(&mut errors) {
            if !repeated {
                samples.push(sample);
            }
        }
    }
    if samples.is_empty() && errors.is_empty() {
        errors.push(InputError::new(
            file,
            "file",
            "",
            "no samples: the file has a header but no data rows",
        ));
    }
    errors.into_result(samples)
}

/// Positions (0-based) of the known columns in the header.
struct Columns {
    index: HashMap<&'static str, usize>,
    width: usize,
}

const KNOWN_COLUMNS: [&str; 15] = [
    "sample_id",
    "depth_top_cm",
    "depth_bottom_cm",
    "texture",
    "sand_pct",
    "silt_pct",
    "clay_pct",
    "ece_ds_m",
    "ec1_5_ds_m",
    "na_meq_l",
    "ca_meq_l",
    "mg_meq_l",
    "cec_cmol_kg",
    "bulk_density_g_cm3",
    // Accepted spelling of the texture column.
    "texture_class",
];

impl Columns {
    fn from_header(header: &csv::ByteRecord, file: &str) -> Result<Columns, InputErrors> {
        let mut errors = InputErrors::new();
        let mut index = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw).to_ascii_lowercase();
            if let Some(known) = KNOWN_COLUMNS.iter().find(|k| **k == name) {
                let known: &'static str = if *known == "texture_class" {
                    "texture"
                } else {
                    known
                };
                if let Some(first) = index.insert(known, i) {
                    errors.push(InputError::new(
                        file,
                        format!("line 1, column {}", i + 1),
                        name,
                        format!("column repeated (first as column {})", first + 1),
                    ));
                }
            }
        }
        let missing = |name: &str| !index.contains_key(name);
        for required in ["sample_id", "depth_top_cm", "depth_bottom_cm"] {
            if missing(required) {
                errors.push(InputError::new(
                    file,
                    "line 1 (header)",
                    "",
                    format!("missing required column `{required}`"),
                ));
            }
        }
        let fractions = ["sand_pct", "silt_pct", "clay_pct"];
        let n_fractions = fractions.iter().filter(|f| !missing(f)).count();
        if missing("texture") && n_fractions < 3 {
            errors.push(InputError::new(
                file,
                "line 1 (header)",
                "",
                "missing texture: give a `texture` column (USDA class) or all of `sand_pct`, \
                 `silt_pct`, `clay_pct`",
            ));
        } else if n_fractions != 0 && n_fractions != 3 {
            errors.push(InputError::new(
                file,
                "line 1 (header)",
                "",
                "`sand_pct`, `silt_pct` and `clay_pct` go together: give all three or none",
            ));
        }
        if missing("ece_ds_m") && missing("ec1_5_ds_m") {
            errors.push(InputError::new(
                file,
                "line 1 (header)",
                "",
                "missing salinity: give an `ece_ds_m` (saturation extract) or `ec1_5_ds_m` \
                 (1:5 extract) column",
            ));
        }
        let cations = ["na_meq_l", "ca_meq_l", "mg_meq_l"];
        let n_cations = cations.iter().filter(|c| !missing(c)).count();
        if n_cations != 0 && n_cations != 3 {
            errors.push(InputError::new(
                file,
                "line 1 (header)",
                "",
                "`na_meq_l`, `ca_meq_l` and `mg_meq_l` go together: give all three or none",
            ));
        }
        errors.into_result(Columns {
            index,
            width: header.len(),
        })
    }
}

/// One data row being validated.
struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a csv::ByteRecord,
    columns: &'a Columns,
}

/// A cell: its column number (1-based) and text.
struct Cell {
    column: usize,
    text: String,
}

impl Row<'_> {
    fn location(&self, name: &str) -> String {
        match self.columns.index.get(name) {
            Some(i) => format!("line {}, column {} ({name})", self.line, i + 1),
            None => format!("line {} ({name})", self.line),
        }
    }

    fn error(&self, name: &str, value: &str, message: impl Into<String>) -> InputError {
        InputError::new(self.file, self.location(name), value, message)
    }

    /// The raw bytes of column `name`'s cell, `None` when the column or the cell is absent.
    fn raw(&self, name: &str) -> Option<&[u8]> {
        self.columns
            .index
            .get(name)
            .and_then(|&i| self.record.get(i))
    }

    /// Whether column `name` has a non-empty cell in this row.
    fn has(&self, name: &str) -> bool {
        self.raw(name).is_some_and(|c| !c.is_empty())
    }

    /// The cell of column `name`, `None` when the column is absent or the cell empty.
    fn cell(&self, name: &str, errors: &mut InputErrors) -> Option<Cell> {
        let i = *self.columns.index.get(name)?;
        let raw = self.record.get(i)?;
        if raw.is_empty() {
            return None;
        }
        match std::str::from_utf8(raw) {
            Ok(text) => Some(Cell {
                column: i + 1,
                text: text.to_string(),
            }),
            Err(_) => {
                errors.push(self.error(
                    name,
                    &String::from_utf8_lossy(raw),
                    "not valid UTF-8 text",
                ));
                None
            }
        }
    }

    /// A number in `[lo, hi]` (with `lo_open` making the lower end exclusive), or an error.
    fn number(
        &self,
        name: &str,
        lo: f64,
        lo_open: bool,
        hi: f64,
        errors: &mut InputErrors,
    ) -> Option<f64> {
        let cell = self.cell(name, errors)?;
        let allowed = format!(
            "a number {} {lo} and <= {hi}",
            if lo_open { ">" } else { ">=" }
        );
        let value: f64 = match cell.text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                errors.push(InputError::new(
                    self.file,
                    format!("line {}, column {} ({name})", self.line, cell.column),
                    &cell.text,
                    format!("not a number; allowed: {allowed}"),
                ));
                return None;
            }
        };
        let below = if lo_open { value <= lo } else { value < lo };
        if below || value > hi {
            errors.push(InputError::new(
                self.file,
                format!("line {}, column {} ({name})", self.line, cell.column),
                &cell.text,
                format!("out of range; allowed: {allowed}"),
            ));
            return None;
        }
        Some(value)
    }

    fn required_number(
        &self,
        name: &str,
        lo: f64,
        lo_open: bool,
        hi: f64,
        errors: &mut InputErrors,
    ) -> Option<f64> {
        if !self.has(name) {
            errors.push(self.error(name, "", "empty; a value is required"));
            return None;
        }
        self.number(name, lo, lo_open, hi, errors)
    }

    fn sample(&self, errors: &mut InputErrors) -> Option<Sample> {
        let before = errors.0.len();
        if self.record.len() > self.columns.width {
            errors.push(InputError::new(
                self.file,
                format!("line {}", self.line),
                "",
                format!(
                    "{} cells but the header has {} columns",
                    self.record.len(),
                    self.columns.width
                ),
            ));
        }
        let sample_id = self.cell("sample_id", errors).map(|c| c.text);
        if sample_id.is_none() {
            errors.push(self.error("sample_id", "", "empty; every sample needs an id"));
        }
        let top = self.required_number("depth_top_cm", 0.0, false, 10_000.0, errors);
        let bottom = self.required_number("depth_bottom_cm", 0.0, true, 10_000.0, errors);
        if let (Some(t), Some(b)) = (top, bottom) {
            if b <= t {
                errors.push(self.error(
                    "depth_bottom_cm",
                    &b.to_string(),
                    format!("must be greater than depth_top_cm = {t}"),
                ));
            }
        }
        let (texture, fractions_pct) = self.texture(errors);
        let cations_meq_l = self.cations(errors);
        let cec_cmol_kg = self.number("cec_cmol_kg", 0.0, true, 200.0, errors);
        let bulk_density_g_cm3 = self.number("bulk_density_g_cm3", 0.5, false, 2.4, errors);
        let ece = self.number("ece_ds_m", 0.0, false, 300.0, errors);
        let ec1_5_ds_m = self.number("ec1_5_ds_m", 0.0, false, 100.0, errors);
        if !self.has("ece_ds_m") && !self.has("ec1_5_ds_m") {
            let name = if self.columns.index.contains_key("ece_ds_m") {
                "ece_ds_m"
            } else {
                "ec1_5_ds_m"
            };
            errors.push(self.error(
                name,
                "",
                "empty; give ece_ds_m (saturation extract) or ec1_5_ds_m (1:5 extract)",
            ));
        }
        if errors.0.len() > before {
            return None;
        }
        let texture = texture?;
        let (ece_ds_m, ece_source) = match (ece, ec1_5_ds_m) {
            (Some(e), _) => (e, EceSource::Measured),
            (None, Some(e15)) => (ece_ds_m_from_ec1_5(e15, texture), EceSource::FromEc1To5),
            (None, None) => return None,
        };
        Some(Sample {
            sample_id: sample_id?,
            line: self.line,
            depth_top_cm: top?,
            depth_bottom_cm: bottom?,
            texture,
            fractions_pct,
            ece_ds_m,
            ece_source,
            ec1_5_ds_m,
            cations_meq_l,
            cec_cmol_kg,
            bulk_density_g_cm3,
        })
    }

    fn texture(&self, errors: &mut InputErrors) -> (Option<TextureClass>, Option<[f64; 3]>) {
        let named = self.cell("texture", errors).and_then(|cell| {
            let class = TextureClass::from_name(&cell.text);
            if class.is_none() {
                let names: Vec<&str> = TextureClass::ALL.iter().map(|c| c.name()).collect();
                errors.push(self.error(
                    "texture",
                    &cell.text,
                    format!(
                        "unknown texture class; allowed: {} (or _ for spaces, or the USDA \
                         abbreviation such as SL, SiCL)",
                        names.join(", ")
                    ),
                ));
            }
            class
        });
        let names = ["sand_pct", "silt_pct", "clay_pct"];
        let given: Vec<bool> = names.iter().map(|n| self.has(n)).collect();
        let n_given = given.iter().filter(|g| **g).count();
        let mut fractions = None;
        if n_given > 0 && n_given < 3 {
            for (name, g) in names.iter().zip(&given) {
                if !g {
                    errors.push(self.error(
                        name,
                        "",
                        "empty while other fractions are given; give sand_pct, silt_pct and \
                         clay_pct together",
                    ));
                }
            }
        } else if n_given == 3 {
            let values: Vec<Option<f64>> = names
                .iter()
                .map(|n| self.number(n, 0.0, false, 100.0, errors))
                .collect();
            if let [Some(sand), Some(silt), Some(clay)] = values[..] {
                match TextureClass::from_fractions(sand, silt, clay) {
                    Ok(class) => fractions = Some((class, [sand, silt, clay])),
                    Err(TextureError::SumNot100 { sum_pct }) => errors.push(InputError::new(
                        self.file,
                        format!(
                            "line {}, columns {} (sand_pct+silt_pct+clay_pct)",
                            self.line,
                            names
                                .iter()
                                .map(|n| (self.columns.index[n] + 1).to_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        format!("{sand}+{silt}+{clay} = {sum_pct}"),
                        "sand + silt + clay must be 100 +- 1 %",
                    )),
                    Err(e) => errors.push(self.error("sand_pct", "", e.to_string())),
                }
            }
        }
        match (named, fractions) {
            (Some(class), Some((from_fractions, f))) => {
                if class != from_fractions {
                    errors.push(self.error(
                        "texture",
                        class.name(),
                        format!(
                            "does not match sand/silt/clay {}/{}/{}, which is {}; correct \
                             one or leave the texture empty",
                            f[0],
                            f[1],
                            f[2],
                            from_fractions.name()
                        ),
                    ));
                    (None, None)
                } else {
                    (Some(class), Some(f))
                }
            }
            (Some(class), None) => (Some(class), None),
            (None, Some((class, f))) => (Some(class), Some(f)),
            (None, None) => {
                if !self.has("texture") && n_given == 0 {
                    errors.push(self.error(
                        "texture",
                        "",
                        "no texture: give a USDA class in `texture` or sand_pct, silt_pct, \
                         clay_pct",
                    ));
                }
                (None, None)
            }
        }
    }

    fn cations(&self, errors: &mut InputErrors) -> Option<[f64; 3]> {
        let names = ["na_meq_l", "ca_meq_l", "mg_meq_l"];
        let present: Vec<bool> = names.iter().map(|n| self.has(n)).collect();
        let n_present = present.iter().filter(|p| **p).count();
        if n_present == 0 {
            return None;
        }
        if n_present < 3 {
            for (name, p) in names.iter().zip(&present) {
                if !p {
                    errors.push(self.error(
                        name,
                        "",
                        "empty while other cations are given; SAR needs na_meq_l, ca_meq_l \
                         and mg_meq_l",
                    ));
                }
            }
            return None;
        }
        let values: Vec<Option<f64>> = names
            .iter()
            .map(|n| self.number(n, 0.0, false, 10_000.0, errors))
            .collect();
        let [Some(na), Some(ca), Some(mg)] = values[..] else {
            return None;
        };
        if ca + mg <= 0.0 {
            errors.push(self.error(
                "ca_meq_l",
                &format!("{ca} (mg_meq_l {mg})"),
                "ca_meq_l + mg_meq_l must be > 0 for the SAR",
            ));
            return None;
        }
        Some([na, ca, mg])
    }
}

/// Settings of an assessment, each with its unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AssessOptions {
    /// Root-zone ECe to leach to and to hold with irrigation (dS/m).
    pub target_ece_ds_m: f64,
    /// EC of the irrigation or leaching water (dS/m).
    pub water_ec_ds_m: f64,
    /// ESP to bring a sodic layer down to with gypsum (%).
    pub target_esp_pct: f64,
    /// Ca-Na exchange efficiency factor of the gypsum requirement (dimensionless, >= 1).
    pub exchange_efficiency: f64,
}

impl Default for AssessOptions {
    /// Target ECe 4 dS/m (the saline limit of USDA Handbook 60), water 1.0 dS/m, target ESP
    /// 10 %, exchange efficiency 1.2.
    fn default() -> AssessOptions {
        AssessOptions {
            target_ece_ds_m: 4.0,
            water_ec_ds_m: 1.0,
            target_esp_pct: 10.0,
            exchange_efficiency: DEFAULT_EXCHANGE_EFFICIENCY,
        }
    }
}

impl AssessOptions {
    /// Checks the options; errors name `source` (e.g. `<command line>`) and the option.
    pub fn validate(&self, source: &str) -> Result<(), InputErrors> {
        let mut errors = InputErrors::new();
        let mut check = |key: &str, value: f64, ok: bool, allowed: &str| {
            if !ok {
                errors.push(InputError::new(source, key, value.to_string(), allowed));
            }
        };
        let t = self.target_ece_ds_m;
        check(
            "--target-ece-ds-m",
            t,
            t.is_finite() && t > 0.0 && t <= 300.0,
            "must be > 0 and <= 300 dS/m",
        );
        let w = self.water_ec_ds_m;
        check(
            "--water-ec-ds-m",
            w,
            w.is_finite() && w >= 0.0,
            "must be >= 0 dS/m",
        );
        if t.is_finite() && t > 0.0 && w.is_finite() && w >= 2.5 * t {
            check(
                "--water-ec-ds-m",
                w,
                false,
                &format!(
                    "water this saline cannot hold the root zone at {t} dS/m (the leaching \
                     requirement ECw / (5 ECe - ECw) reaches 1 at ECw = {}); allowed: < {}",
                    2.5 * t,
                    2.5 * t
                ),
            );
        }
        let e = self.target_esp_pct;
        check(
            "--target-esp-pct",
            e,
            e.is_finite() && (0.0..100.0).contains(&e),
            "must be >= 0 and < 100 %",
        );
        let f = self.exchange_efficiency;
        check(
            "--exchange-efficiency",
            f,
            f.is_finite() && (1.0..=3.0).contains(&f),
            "must be between 1 and 3",
        );
        errors.into_result(())
    }
}

/// The assessment of one sample (the row of `aralkum assess`).
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// The sample's identifier.
    pub sample_id: String,
    /// Top and bottom of the layer (cm).
    pub depth_top_cm: f64,
    /// Bottom of the layer (cm).
    pub depth_bottom_cm: f64,
    /// USDA texture class.
    pub texture: TextureClass,
    /// ECe (dS/m).
    pub ece_ds_m: f64,
    /// Measured or converted from EC1:5.
    pub ece_source: EceSource,
    /// FAO/USDA salinity class.
    pub salinity_class: SalinityClass,
    /// SAR of the saturation extract, when the cations are given.
    pub sar: Option<f64>,
    /// ESP estimated from SAR (%), when the cations are given.
    pub esp_pct: Option<f64>,
    /// ESP > 15 % or SAR > 13, when the cations are given.
    pub sodic: Option<bool>,
    /// Handbook 60 category (needs the sodicity).
    pub category: Option<SaltAffectedCategory>,
    /// Water depth (cm) to leach the profile from the surface to the sample's bottom from its
    /// ECe to the target, ponded (Hoffman 1980).
    pub leach_depth_ponded_cm: f64,
    /// The same, intermittent ponding.
    pub leach_depth_intermittent_cm: f64,
    /// Gypsum (t/ha) to bring the layer's ESP to the target; needs SAR, CEC and bulk density.
    pub gypsum_t_ha: Option<f64>,
    /// Leaching requirement of the irrigation water for the target ECe (fraction).
    pub leaching_requirement: f64,
}

/// Assesses each sample. The options must have passed [`AssessOptions::validate`].
///
/// The leaching depth is for the whole profile from the surface down to the sample's bottom
/// (water must pass through the soil above to leach the sample's layer), taken as being at the
/// sample's ECe; the gypsum is for the sample's own layer (top to bottom), so the gypsum of
/// contiguous samples adds up over a profile.
pub fn assess(samples: &[Sample], options: &AssessOptions) -> Vec<Assessment> {
    // Validated options keep ECw < 2.5 ECe_t, where the requirement is defined.
    let lr =
        leaching_requirement(options.water_ec_ds_m, options.target_ece_ds_m).unwrap_or(f64::NAN);
    samples
        .iter()
        .map(|s| {
            let sar = s
                .cations_meq_l
                .map(|[na, ca, mg]| sodium_adsorption_ratio(na, ca, mg));
            let esp_pct = sar.map(esp_pct_from_sar);
            let sodic = is_sodic(esp_pct, sar);
            let depth = |method| {
                leaching_depth_cm(
                    s.ece_ds_m,
                    options.target_ece_ds_m,
                    s.depth_bottom_cm,
                    hoffman_k(s.texture, method),
                )
                .unwrap_or(f64::NAN)
            };
            let gypsum_t_ha = match (esp_pct, s.cec_cmol_kg, s.bulk_density_g_cm3) {
                (Some(esp), Some(cec), Some(rho)) => gypsum_requirement_t_ha(&GypsumInput {
                    esp_initial_pct: esp,
                    esp_target_pct: options.target_esp_pct,
                    cec_cmol_kg: cec,
                    depth_cm: s.depth_bottom_cm - s.depth_top_cm,
                    bulk_density_g_cm3: rho,
                    exchange_efficiency: options.exchange_efficiency,
                })
                .ok(),
                _ => None,
            };
            Assessment {
                sample_id: s.sample_id.clone(),
                depth_top_cm: s.depth_top_cm,
                depth_bottom_cm: s.depth_bottom_cm,
                texture: s.texture,
                ece_ds_m: s.ece_ds_m,
                ece_source: s.ece_source,
                // The reader keeps ECe within 0-300 (or 0-2300 from EC1:5), always classifiable.
                salinity_class: SalinityClass::from_ece_ds_m(s.ece_ds_m)
                    .unwrap_or(SalinityClass::ExtremelySaline),
                sar,
                esp_pct,
                sodic,
                category: sodic
                    .map(|sodic| SaltAffectedCategory::from_ece_and_sodicity(s.ece_ds_m, sodic)),
                leach_depth_ponded_cm: depth(LeachingMethod::Ponded),
                leach_depth_intermittent_cm: depth(LeachingMethod::Intermittent),
                gypsum_t_ha,
                leaching_requirement: lr,
            }
        })
        .collect()
}

/// Column names of the assessment table, in order: the ten of INTERFACES section 4 first.
pub const ASSESSMENT_COLUMNS: [&str; 15] = [
    "sample_id",
    "ece_ds_m",
    "salinity_class",
    "sar",
    "esp_pct",
    "sodic",
    "leach_depth_ponded_cm",
    "leach_depth_intermittent_cm",
    "gypsum_t_ha",
    "leaching_requirement",
    "depth_top_cm",
    "depth_bottom_cm",
    "texture",
    "ece_source",
    "salt_affected_category",
];

/// Writes the assessment table as CSV (header [`ASSESSMENT_COLUMNS`]); missing values are
/// empty cells; numbers carry ten significant digits.
pub fn write_assessments<W: std::io::Write>(rows: &[Assessment], out: W) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(ASSESSMENT_COLUMNS)?;
    let opt = |v: Option<f64>| v.map(format_number).unwrap_or_default();
    for r in rows {
        writer.write_record([
            r.sample_id.clone(),
            format_number(r.ece_ds_m),
            r.salinity_class.name().to_string(),
            opt(r.sar),
            opt(r.esp_pct),
            r.sodic.map(|s| s.to_string()).unwrap_or_default(),
            format_number(r.leach_depth_ponded_cm),
            format_number(r.leach_depth_intermittent_cm),
            opt(r.gypsum_t_ha),
            format_number(r.leaching_requirement),
            format_number(r.depth_top_cm),
            format_number(r.depth_bottom_cm),
            r.texture.name().to_string(),
            r.ece_source.name().to_string(),
            r.category.map(|c| c.name().to_string()).unwrap_or_default(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// A number rounded to ten significant digits, printed in its shortest form (`63`, not
/// `63.00000000000001`): precise enough to reproduce 1e-9 reference vectors, short enough to read.
pub fn format_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() {
            "0".to_string()
        } else {
            x.to_string()
        };
    }
    let digits = 9 - x.abs().log10().floor() as i32;
    let rounded = if (0..=300).contains(&digits) {
        let scale = 10f64.powi(digits);
        (x * scale).round() / scale
    } else {
        x
    };
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_format() {
        assert_eq!(format_number(63.00000000000001), "63");
        assert_eq!(format_number(0.05263157894736842), "0.05263157895");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(1234567.891234), "1234567.891");
    }
}
