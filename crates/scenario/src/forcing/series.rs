//! The explicit forcing series: `day,precip_cm,irrigation_cm,irrigation_salt_g_l,pot_evap_cm,
//! pot_transp_cm` (INTERFACES section 5). Row `day = d` holds the amounts (cm) spread evenly over
//! (d-1, d]; days are consecutive integers from 1. Every problem is reported with its line.

use super::DayForcing;
use crate::csv_errors::{record_line, unreadable_header, unreadable_row};
use crate::error::{InputError, InputErrors};

/// The columns, in order.
pub const SERIES_COLUMNS: [&str; 6] = [
    "day",
    "precip_cm",
    "irrigation_cm",
    "irrigation_salt_g_l",
    "pot_evap_cm",
    "pot_transp_cm",
];

/// Largest daily amount accepted (cm): ten times the wettest day on record anywhere.
const MAX_DAILY_CM: f64 = 1000.0;
/// Largest concentration accepted (g/L): above halite saturation (about 360 g/L) with margin.
const MAX_SALT_G_L: f64 = 400.0;

/// Parses a series; `file` names it in errors. Days must run 1, 2, 3, ...
pub fn parse_series(file: &str, text: &str) -> Result<Vec<DayForcing>, InputErrors> {
    let mut errors = InputErrors::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            errors.push(unreadable_header(file, &e));
            return Err(errors);
        }
    };
    if header != SERIES_COLUMNS {
        errors.push(InputError::new(
            file,
            "line 1",
            header.join(","),
            format!("the header must be {}", SERIES_COLUMNS.join(",")),
        ));
        return Err(errors);
    }
    let mut days = Vec::new();
    let mut last_day: Option<i64> = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(unreadable_row(file, &e));
                continue;
            }
        };
        let line = record_line(record.position());
        if record.len() != SERIES_COLUMNS.len() {
            errors.push(InputError::new(
                file,
                format!("line {line}"),
                record.iter().collect::<Vec<_>>().join(","),
                format!(
                    "needs {} values, found {}",
                    SERIES_COLUMNS.len(),
                    record.len()
                ),
            ));
            continue;
        }
        let mut values = [0.0; 6];
        let mut ok = true;
        let mut day_ok = true;
        for (k, field) in record.iter().enumerate() {
            let loc = format!("line {line}, column {} ({})", k + 1, SERIES_COLUMNS[k]);
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => values[k] = v,
                _ => {
                    errors.push(InputError::new(file, loc, field, "must be a finite number"));
                    ok = false;
                    day_ok &= k > 0;
                    continue;
                }
            }
            if k > 0 {
                let max = if k == 3 { MAX_SALT_G_L } else { MAX_DAILY_CM };
                if !(0.0..=max).contains(&values[k]) {
                    errors.push(InputError::new(
                        file,
                        loc,
                        field,
                        format!("must be >= 0 and <= {max}"),
                    ));
                    ok = false;
                }
            }
        }
        if !day_ok {
            continue;
        }
        let loc = format!("line {line}, column 1 (day)");
        let day = values[0];
        if day.fract() != 0.0 || day < 1.0 {
            errors.push(InputError::new(
                file,
                loc,
                record.get(0).unwrap_or(""),
                "must be a whole number >= 1 (row day = d holds the amounts over (d-1, d])",
            ));
            continue;
        }
        let day = day as i64;
        let expected = last_day.map_or(1, |d| d + 1);
        if day != expected {
            let message = match last_day {
                Some(prev) if day <= prev => {
                    format!("days must increase: this row follows day {prev}")
                }
                Some(prev) => format!(
                    "gap: day {day} follows day {prev} (missing {}); days must be consecutive",
                    if day - prev == 2 {
                        format!("day {}", prev + 1)
                    } else {
                        format!("days {} to {}", prev + 1, day - 1)
                    }
                ),
                None => format!("the series must start at day 1 (it starts at day {day})"),
            };
            errors.push(InputError::new(file, loc, day.to_string(), message));
        }
        last_day = Some(last_day.map_or(day, |d| d.max(day)));
        if !ok {
            continue;
        }
        days.push(DayForcing {
            precip_cm: values[1],
            irrigation_cm: values[2],
            irrigation_salt_g_l: values[3],
            pot_evap_cm: values[4],
            pot_transp_cm: values[5],
        });
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(InputError::new(
            file,
            "line 2",
            "",
            "the series has no rows",
        ));
    }
    errors.into_result(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "day,precip_cm,irrigation_cm,irrigation_salt_g_l,pot_evap_cm,pot_transp_cm\n";

    #[test]
    fn reads_rows() {
        let text = format!("{HEADER}1,0.5,0,0,0.3,0.1\n2,0,2,1.5,0.4,0.2\n");
        let days = parse_series("a.csv", &text).unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].irrigation_cm, 2.0);
        assert_eq!(days[1].irrigation_salt_g_l, 1.5);
    }

    #[test]
    fn reports_every_bad_row_with_its_line() {
        let text =
            format!("{HEADER}1,0.5,0,0,0.3,0.1\n3,0,0,0,0.3,0.1\n4,-1,0,0,x,0.1\n4,0,0,0,0,0\n");
        let e = parse_series("a.csv", &text).unwrap_err();
        let all = e.to_string();
        assert!(
            all.contains("a.csv: line 3, column 1 (day) = 3: gap"),
            "{all}"
        );
        assert!(
            all.contains("line 4, column 2 (precip_cm) = -1: must be >= 0"),
            "{all}"
        );
        assert!(
            all.contains("line 4, column 5 (pot_evap_cm) = x: must be a finite number"),
            "{all}"
        );
        assert!(
            all.contains("line 5, column 1 (day) = 4: days must increase"),
            "{all}"
        );
    }
}
