//! The built-in climate stations: the monthly normals table `data/climate/normals.csv`
//! (sources in `data/climate/SOURCES.md`), compiled into the binary so that
//! `aralkum et0 --station moynaq` works with no file at all.

use crate::error::InputError;
use aralkum_core::climate::MonthlyNormals;
use std::sync::OnceLock;

/// The normals table as shipped.
pub const NORMALS_CSV: &str = include_str!("../../../data/climate/normals.csv");

/// Where the table lives in the repository (for messages).
pub const NORMALS_PATH: &str = "data/climate/normals.csv";

/// A station of the built-in table.
#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    /// Identifier, lowercase (`moynaq`).
    pub id: String,
    /// Display name with other spellings (`Moynaq (Muynak)`).
    pub name: String,
    /// Latitude, decimal degrees north.
    pub latitude_deg: f64,
    /// Longitude, decimal degrees east.
    pub longitude_deg: f64,
    /// Elevation above sea level, m.
    pub elevation_m: f64,
    /// Height of the wind normals above the ground, m.
    pub wind_height_m: f64,
    /// The twelve monthly normals.
    pub normals: MonthlyNormals,
    /// The source of every column, one entry per month (`source` column of the table).
    pub sources: Vec<String>,
}

/// Every station of the built-in table, in table order.
pub fn stations() -> &'static [Station] {
    static TABLE: OnceLock<Vec<Station>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The table is part of the program, checked by the tests: an error here is a bug in
        // the shipped data, not a user input problem.
        parse_normals(NORMALS_CSV).unwrap_or_else(|e| panic!("{NORMALS_PATH}: {e}"))
    })
}

/// The station called `name` (its id or any word of its name, case-insensitive), or an error
/// that lists the known stations and the closest names.
pub fn station(name: &str) -> Result<Station, InputError> {
    station_at(name, "<command line>", "--station")
}

/// As [`station`], with the error located at `file` / `location` (e.g. a site file's
/// `site.station` key).
pub fn station_at(name: &str, file: &str, location: &str) -> Result<Station, InputError> {
    let wanted = name.trim().to_lowercase();
    let matches = |s: &Station| {
        s.id == wanted
            || s.name
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .any(|w| !w.is_empty() && w == wanted)
    };
    if let Some(s) = stations().iter().find(|s| matches(s)) {
        return Ok(s.clone());
    }
    let mut ranked: Vec<(usize, &str)> = stations()
        .iter()
        .map(|s| (edit_distance(&wanted, &s.id), s.id.as_str()))
        .collect();
    ranked.sort();
    let close: Vec<&str> = ranked
        .iter()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, id)| *id)
        .collect();
    let all: Vec<&str> = stations().iter().map(|s| s.id.as_str()).collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!("did you mean {}? ", close.join(" or "))
    };
    Err(InputError::new(
        file,
        location,
        name,
        format!(
            "unknown station; {hint}known stations: {} (table {NORMALS_PATH})",
            all.join(", ")
        ),
    ))
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != b[j]));
            diag = up;
        }
    }
    row[b.len()]
}

/// Parses the normals table (one row per station and month, months 1-12 of a station together).
fn parse_normals(text: &str) -> Result<Vec<Station>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name}"))
    };
    let c = |name: &str| col(name);
    let (i_station, i_name, i_month, i_source) =
        (c("station")?, c("name")?, c("month")?, c("source")?);
    let numeric = [
        "latitude_deg",
        "longitude_deg",
        "elevation_m",
        "tmin_c",
        "tmax_c",
        "rh_mean_pct",
        "wind_ms",
        "wind_height_m",
        "sunshine_h",
        "precip_mm",
        "wet_days",
    ];
    let idx: Vec<usize> = numeric.iter().map(|n| col(n)).collect::<Result<_, _>>()?;
    let mut out: Vec<Station> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let line = row + 2;
        let v: Vec<f64> = idx
            .iter()
            .map(|&i| {
                record[i]
                    .parse::<f64>()
                    .map_err(|_| format!("line {line}: {} not a number", &record[i]))
            })
            .collect::<Result<_, _>>()?;
        let month: usize = record[i_month]
            .parse()
            .map_err(|_| format!("line {line}: bad month"))?;
        if !(1..=12).contains(&month) {
            return Err(format!("line {line}: month {month}"));
        }
        let id = record[i_station].to_string();
        if out.last().map(|s| s.id != id).unwrap_or(true) {
            if out.iter().any(|s| s.id == id) {
                return Err(format!("line {line}: station {id} rows are not together"));
            }
            out.push(Station {
                id: id.clone(),
                name: record[i_name].to_string(),
                latitude_deg: v[0],
                longitude_deg: v[1],
                elevation_m: v[2],
                wind_height_m: v[7],
                normals: MonthlyNormals {
                    latitude_deg: v[0],
                    tmin_c: [f64::NAN; 12],
                    tmax_c: [f64::NAN; 12],
                    rh_mean_pct: [f64::NAN; 12],
                    wind_ms: [f64::NAN; 12],
                    sunshine_h: [f64::NAN; 12],
                    precip_mm: [f64::NAN; 12],
                    wet_days: [f64::NAN; 12],
                },
                sources: vec![String::new(); 12],
            });
        }
        let s = out.last_mut().expect("pushed above");
        let m = month - 1;
        if !s.normals.tmin_c[m].is_nan() {
            return Err(format!("line {line}: {id} month {month} given twice"));
        }
        if v[3] >= v[4] {
            return Err(format!("line {line}: tmin_c >= tmax_c"));
        }
        s.normals.tmin_c[m] = v[3];
        s.normals.tmax_c[m] = v[4];
        s.normals.rh_mean_pct[m] = v[5];
        s.normals.wind_ms[m] = v[6];
        s.normals.sunshine_h[m] = v[8];
        s.normals.precip_mm[m] = v[9];
        s.normals.wet_days[m] = v[10];
        s.sources[m] = record[i_source].to_string();
    }
    for s in &out {
        if s.normals.tmin_c.iter().any(|t| t.is_nan()) {
            return Err(format!("station {}: not all 12 months given", s.id));
        }
        if s.sources.iter().any(String::is_empty) {
            return Err(format!("station {}: a row without source", s.id));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_with_the_three_seabed_stations() {
        let ids: Vec<&str> = stations().iter().map(|s| s.id.as_str()).collect();
        for id in ["moynaq", "kungrad", "aralsk"] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        assert_eq!(station("Muynak").unwrap().id, "moynaq");
        assert_eq!(station("ARALSK").unwrap().id, "aralsk");
    }

    #[test]
    fn unknown_station_names_close_ones() {
        let e = station("moynak").unwrap_err();
        assert_eq!(e.value, "moynak");
        assert!(e.message.contains("did you mean moynaq"), "{}", e.message);
        assert!(e.message.contains("aralsk, kungrad, moynaq") || e.message.contains("moynaq"));
    }
}
