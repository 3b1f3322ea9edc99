//! The daily weather CSV of INTERFACES section 4 and issue 2: read, validate, report every
//! problem with its file, line, column, value and what is allowed.
//!
//! Columns (a header row names them; order is free, unknown columns are ignored):
//! - `date` (YYYY-MM-DD), `tmin_c`, `tmax_c`: required;
//! - humidity, any of: `rh_min_pct` + `rh_max_pct` (FAO-56 eq. 17), `rh_max_pct` alone (eq. 18),
//!   `rh_mean_pct` (eq. 19), `tdew_c` (eq. 14), `ea_kpa`; none: ea from Tmin (eq. 48);
//! - `wind_ms` (at the height the user states, `--wind-height-m`); none: 2 m/s;
//! - `rs_mj_m2` or `sunshine_h`; none: Hargreaves-Samani (eq. 50);
//! - `precip_mm`.
//!
//! An empty cell in an optional column means "not measured that day": the next humidity or
//! radiation form in FAO-56's order of preference is used, or the FAO-56 fallback.

use crate::csv_errors::{record_line, unreadable_row};
use crate::error::{InputError, InputErrors};
use aralkum_core::date::Date;
use aralkum_core::et0::{DailyWeather, Humidity, Radiation};
use std::collections::HashMap;
use std::path::Path;

/// One day of a weather file: its date, what the ET0 equations need, and precipitation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeatherDay {
    /// Calendar date.
    pub date: Date,
    /// Minimum air temperature, C.
    pub tmin_c: f64,
    /// Maximum air temperature, C.
    pub tmax_c: f64,
    /// Humidity in the best form the file gives for the day.
    pub humidity: Humidity,
    /// Solar radiation in the best form the file gives for the day.
    pub radiation: Radiation,
    /// Wind speed at the measurement height, m/s (`None`: not measured).
    pub wind_ms: Option<f64>,
    /// Precipitation, mm (`None`: the file has no `precip_mm` value for the day).
    pub precip_mm: Option<f64>,
}

impl WeatherDay {
    /// The day as the ET0 core takes it (day of year from the date).
    pub fn daily_weather(&self) -> DailyWeather {
        DailyWeather {
            day_of_year: self.date.day_of_year(),
            tmin_c: self.tmin_c,
            tmax_c: self.tmax_c,
            humidity: self.humidity,
            radiation: self.radiation,
            wind_ms: self.wind_ms,
        }
    }
}

/// Columns that must be present.
pub const REQUIRED_COLUMNS: [&str; 3] = ["date", "tmin_c", "tmax_c"];

/// Numeric columns the reader knows, with the range it accepts (inclusive) and their meaning.
pub const NUMERIC_COLUMNS: [(&str, f64, f64, &str); 10] = [
    ("tmin_c", -90.0, 60.0, "minimum air temperature, C"),
    ("tmax_c", -90.0, 60.0, "maximum air temperature, C"),
    ("rh_min_pct", 0.0, 100.0, "minimum relative humidity, %"),
    ("rh_max_pct", 0.0, 100.0, "maximum relative humidity, %"),
    ("rh_mean_pct", 0.0, 100.0, "mean relative humidity, %"),
    ("tdew_c", -90.0, 60.0, "dew point temperature, C"),
    ("ea_kpa", 0.0, 20.0, "actual vapour pressure, kPa"),
    ("wind_ms", 0.0, 75.0, "wind speed, m/s"),
    ("rs_mj_m2", 0.0, 50.0, "solar radiation, MJ m-2 d-1"),
    ("sunshine_h", 0.0, 24.0, "bright sunshine, h"),
];

/// Precipitation column and its range, mm/d.
const PRECIP: (&str, f64, f64) = ("precip_mm", 0.0, 2000.0);

/// Reads and validates a weather CSV file (see the module documentation for its columns).
pub fn read_weather_csv(path: &Path) -> Result<Vec<WeatherDay>, InputErrors> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::new(&label, "file", "", format!("cannot be read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            &label,
            format!("byte {}", e.utf8_error().valid_up_to()),
            "",
            "the file is not UTF-8 text; save it as UTF-8 CSV",
        )
    })?;
    parse_weather_csv(&text, &label)
}

/// Parses and validates weather CSV `text`; `file_label` names the file in error messages.
/// Every problem is reported, not only the first.
pub fn parse_weather_csv(text: &str, file_label: &str) -> Result<Vec<WeatherDay>, InputErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = InputErrors::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record_line(record.position());
                records.push((line, record));
            }
            Err(e) => errors.push(unreadable_row(file_label, &e)),
        }
    }
    let mut records = records.into_iter();
    let Some((header_line, header)) = records.next() else {
        errors.push(InputError::new(
            file_label,
            "line 1",
            "",
            format!(
                "the file is empty; a header row is required with at least {}",
                REQUIRED_COLUMNS.join(", ")
            ),
        ));
        return Err(errors);
    };
    let Some(columns) = Columns::from_header(&header, header_line, file_label, &mut errors) else {
        return Err(errors);
    };

    let mut days = Vec::new();
    let mut seen: HashMap<Date, u64> = HashMap::new();
    let mut previous: Option<(Date, u64)> = None;
    for (line, record) in records {
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(InputError::new(
                file_label,
                format!("line {line}"),
                "",
                format!(
                    "has {} fields but the header (line {header_line}) has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let row = Row {
            record: &record,
            line,
            file: file_label,
            columns: &columns,
        };
        let date = row.date(&mut errors);
        if let Some(date) = date {
            if let Some(first) = seen.get(&date) {
                errors.push(row.error(
                    "date",
                    &date.to_string(),
                    format!("repeated date (already on line {first}); each day may appear once"),
                ));
            } else if let Some((prev, prev_line)) = previous.filter(|(p, _)| date < *p) {
                errors.push(row.error(
                    "date",
                    &date.to_string(),
                    format!(
                        "out of order: comes after {prev} (line {prev_line}); dates must increase"
                    ),
                ));
            }
            seen.entry(date).or_insert(line);
            if previous.map(|(p, _)| date > p).unwrap_or(true) {
                previous = Some((date, line));
            }
        }
        let day = row.day(date, &mut errors);
        if let Some(day) = day {
            days.push(day);
        }
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(InputError::new(
            file_label,
            format!("line {}", header_line + 1),
            "",
            "no data rows after the header; at least one day is required",
        ));
    }
    errors.into_result(days)
}

/// Positions of the known columns in the header.
struct Columns {
    index: HashMap<&'static str, usize>,
    names: Vec<String>,
}

impl Columns {
    fn from_header(
        header: &csv::StringRecord,
        line: u64,
        file: &str,
        errors: &mut InputErrors,
    ) -> Option<Columns> {
        let known: Vec<&'static str> = std::iter::once("date")
            .chain(NUMERIC_COLUMNS.iter().map(|c| c.0))
            .chain(std::iter::once(PRECIP.0))
            .collect();
        let mut index = HashMap::new();
        let before = errors.0.len();
        for (i, name) in header.iter().enumerate() {
            let lower = name.to_ascii_lowercase();
            if let Some(k) = known.iter().find(|k| **k == lower) {
                if index.insert(*k, i).is_some() {
                    errors.push(InputError::new(
                        file,
                        format!("line {line}, column {} (header)", i + 1),
                        name,
                        "column named twice; each column may appear once",
                    ));
                }
            }
        }
        for required in REQUIRED_COLUMNS {
            if !index.contains_key(required) {
                errors.push(InputError::new(
                    file,
                    format!("line {line} (header)"),
                    header.iter().collect::<Vec<_>>().join(","),
                    format!(
                        "missing required column `{required}`; required: {}; optional: \
                         rh_min_pct+rh_max_pct, rh_max_pct, rh_mean_pct, tdew_c, ea_kpa, \
                         wind_ms, rs_mj_m2 or sunshine_h, precip_mm",
                        REQUIRED_COLUMNS.join(", ")
                    ),
                ));
            }
        }
        if index.contains_key("rh_min_pct") && !index.contains_key("rh_max_pct") {
            errors.push(InputError::new(
                file,
                format!("line {line} (header)"),
                "rh_min_pct",
                "rh_min_pct needs rh_max_pct beside it (FAO-56 eq. 17); give both, or \
                 rh_max_pct alone, or rh_mean_pct",
            ));
        }
        if errors.0.len() > before {
            return None;
        }
        Some(Columns {
            index,
            names: header.iter().map(str::to_string).collect(),
        })
    }
}

/// One data row being validated.
struct Row<'a> {
    record: &'a csv::StringRecord,
    line: u64,
    file: &'a str,
    columns: &'a Columns,
}

impl Row<'_> {
    fn location(&self, column: &str) -> String {
        match self.columns.index.get(column) {
            Some(i) => format!(
                "line {}, column {} ({})",
                self.line,
                i + 1,
                self.columns.names[*i]
            ),
            None => format!("line {}", self.line),
        }
    }

    fn error(&self, column: &str, value: &str, message: impl Into<String>) -> InputError {
        InputError::new(self.file, self.location(column), value, message)
    }

    /// The raw cell of a known column, `None` if the column is absent or the cell empty.
    fn cell(&self, column: &str) -> Option<&str> {
        let i = *self.columns.index.get(column)?;
        self.record.get(i).filter(|s| !s.is_empty())
    }

    fn date(&self, errors: &mut InputErrors) -> Option<Date> {
        let Some(text) = self.cell("date") else {
            errors.push(self.error("date", "", "empty; a date YYYY-MM-DD is required"));
            return None;
        };
        let date = Date::parse_iso(text);
        if date.is_none() {
            errors.push(self.error(
                "date",
                text,
                "not a calendar date; write YYYY-MM-DD, e.g. 2027-03-01",
            ));
        }
        date
    }

    /// A number of column `column` checked against [`NUMERIC_COLUMNS`] or [`PRECIP`]; `Err(())`
    /// when the cell is bad (the error is recorded), `Ok(None)` when absent or empty.
    fn number(&self, column: &str, errors: &mut InputErrors) -> Result<Option<f64>, ()> {
        let Some(text) = self.cell(column) else {
            return Ok(None);
        };
        let (lo, hi, what) = NUMERIC_COLUMNS
            .iter()
            .find(|c| c.0 == column)
            .map(|c| (c.1, c.2, c.3))
            .unwrap_or((PRECIP.1, PRECIP.2, "precipitation, mm"));
        let value = match text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                errors.push(self.error(
                    column,
                    text,
                    format!("not a number; {what}, from {lo} to {hi}"),
                ));
                return Err(());
            }
        };
        if !(lo..=hi).contains(&value) {
            errors.push(self.error(
                column,
                text,
                format!("out of range; {what} must be from {lo} to {hi}"),
            ));
            return Err(());
        }
        Ok(Some(value))
    }

    fn day(&self, date: Option<Date>, errors: &mut InputErrors) -> Option<WeatherDay> {
        let before = errors.0.len();
        let mut get = |c: &str| self.number(c, errors);
        let tmin = get("tmin_c");
        let tmax = get("tmax_c");
        let rh_min = get("rh_min_pct");
        let rh_max = get("rh_max_pct");
        let rh_mean = get("rh_mean_pct");
        let tdew = get("tdew_c");
        let ea = get("ea_kpa");
        let wind = get("wind_ms");
        let rs = get("rs_mj_m2");
        let sunshine = get("sunshine_h");
        let precip = get("precip_mm");
        for (name, value) in [("tmin_c", &tmin), ("tmax_c", &tmax)] {
            if matches!(value, Ok(None)) {
                errors.push(self.error(name, "", "empty; this column is required on every row"));
            }
        }
        if let (Ok(Some(lo)), Ok(Some(hi))) = (tmin, tmax) {
            if lo > hi {
                errors.push(self.error(
                    "tmin_c",
                    &format!("{lo}"),
                    format!("tmin_c is above tmax_c ({hi}) on the same row; tmin_c <= tmax_c"),
                ));
            }
        }
        if let (Ok(Some(lo)), Ok(Some(hi))) = (rh_min, rh_max) {
            if lo > hi {
                errors.push(self.error(
                    "rh_min_pct",
                    &format!("{lo}"),
                    format!(
                        "rh_min_pct is above rh_max_pct ({hi}) on the same row; \
                         rh_min_pct <= rh_max_pct"
                    ),
                ));
            }
        }
        if let (Ok(Some(_)), Ok(None)) = (rh_min, rh_max) {
            errors.push(self.error(
                "rh_max_pct",
                "",
                "empty while rh_min_pct is given; FAO-56 eq. 17 needs both",
            ));
        }
        if errors.0.len() > before {
            return None;
        }
        let (Some(date), Ok(Some(tmin_c)), Ok(Some(tmax_c))) = (date, tmin, tmax) else {
            return None;
        };
        // Every cell is valid here (an invalid one returned above), so `Err` cannot occur.
        let ok = |v: Result<Option<f64>, ()>| v.ok().flatten();
        let humidity = match (ok(rh_min), ok(rh_max), ok(rh_mean), ok(tdew), ok(ea)) {
            (Some(rh_min_pct), Some(rh_max_pct), ..) => Humidity::RhMinMax {
                rh_min_pct,
                rh_max_pct,
            },
            (None, Some(rh_max_pct), ..) => Humidity::RhMax { rh_max_pct },
            (_, _, Some(rh_mean_pct), ..) => Humidity::RhMean { rh_mean_pct },
            (_, _, _, Some(tdew_c), _) => Humidity::DewPoint { tdew_c },
            (.., Some(ea_kpa)) => Humidity::VapourPressure { ea_kpa },
            _ => Humidity::Missing,
        };
        let radiation = match (ok(rs), ok(sunshine)) {
            (Some(rs_mj_m2), _) => Radiation::Measured { rs_mj_m2 },
            (None, Some(hours)) => Radiation::Sunshine { hours },
            _ => Radiation::Missing,
        };
        Some(WeatherDay {
            date,
            tmin_c,
            tmax_c,
            humidity,
            radiation,
            wind_ms: ok(wind),
            precip_mm: ok(precip),
        })
    }
}

/// Writes days in the file format [`parse_weather_csv`] reads (all known columns; a cell is
/// empty where the day has no value in that form). `parse_weather_csv(format_weather_csv(d))`
/// gives back `d` to the printed precision (6 decimals).
pub fn format_weather_csv(days: &[WeatherDay]) -> String {
    fn cell(v: Option<f64>) -> String {
        v.map(|x| format!("{x:.6}")).unwrap_or_default()
    }
    let mut out = String::from(
        "date,tmin_c,tmax_c,rh_min_pct,rh_max_pct,rh_mean_pct,tdew_c,ea_kpa,wind_ms,rs_mj_m2,sunshine_h,precip_mm\n",
    );
    for d in days {
        let (mut rh_min, mut rh_max, mut rh_mean, mut tdew, mut ea) =
            (None, None, None, None, None);
        match d.humidity {
            Humidity::RhMinMax {
                rh_min_pct,
                rh_max_pct,
            } => {
                rh_min = Some(rh_min_pct);
                rh_max = Some(rh_max_pct);
            }
            Humidity::RhMax { rh_max_pct } => rh_max = Some(rh_max_pct),
            Humidity::RhMean { rh_mean_pct } => rh_mean = Some(rh_mean_pct),
            Humidity::DewPoint { tdew_c } => tdew = Some(tdew_c),
            Humidity::VapourPressure { ea_kpa } => ea = Some(ea_kpa),
            Humidity::Missing => {}
        }
        let (rs, sunshine) = match d.radiation {
            Radiation::Measured { rs_mj_m2 } => (Some(rs_mj_m2), None),
            Radiation::Sunshine { hours } => (None, Some(hours)),
            Radiation::Missing => (None, None),
        };
        let cells = [
            d.date.to_string(),
            cell(Some(d.tmin_c)),
            cell(Some(d.tmax_c)),
            cell(rh_min),
            cell(rh_max),
            cell(rh_mean),
            cell(tdew),
            cell(ea),
            cell(d.wind_ms),
            cell(rs),
            cell(sunshine),
            cell(d.precip_mm),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
