//! The weather CSV reader (issue 2): good files read into the right FAO-56 forms, every bad
//! input gives an error naming the file, line, column, value and what is allowed, all errors
//! are collected, and no input whatever makes the reader panic (property tests).

use aralkum_core::et0::{Humidity, Radiation};
use aralkum_scenario::climate::typical_year;
use aralkum_scenario::stations::station;
use aralkum_scenario::weather::{parse_weather_csv, read_weather_csv, WeatherDay};
use aralkum_scenario::InputErrors;
use proptest::prelude::*;

const GOOD: &str = "date,tmin_c,tmax_c,rh_min_pct,rh_max_pct,wind_ms,sunshine_h,precip_mm
2027-03-01,-2.0,8.5,40,85,3.1,6.2,0
2027-03-02,-1.0,9.0,,,,,1.5
2027-03-04,0.5,11.0,35,80,2.0,7.0,0
";

fn errors_of(text: &str) -> InputErrors {
    parse_weather_csv(text, "w.csv").expect_err("should be rejected")
}

/// The single error of a bad file, checked to name the file.
fn one_error(text: &str) -> aralkum_scenario::InputError {
    let e = errors_of(text);
    assert_eq!(e.0.len(), 1, "{e}");
    let e = e.0.into_iter().next().unwrap();
    assert_eq!(e.file, "w.csv");
    e
}

#[test]
fn good_file_reads_every_form() {
    let days = parse_weather_csv(GOOD, "w.csv").unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!(days[0].date.to_string(), "2027-03-01");
    assert_eq!(
        days[0].humidity,
        Humidity::RhMinMax {
            rh_min_pct: 40.0,
            rh_max_pct: 85.0
        }
    );
    assert_eq!(days[0].radiation, Radiation::Sunshine { hours: 6.2 });
    assert_eq!(days[0].wind_ms, Some(3.1));
    // Empty optional cells: FAO-56 fallbacks for that day.
    assert_eq!(days[1].humidity, Humidity::Missing);
    assert_eq!(days[1].radiation, Radiation::Missing);
    assert_eq!(days[1].wind_ms, None);
    assert_eq!(days[1].precip_mm, Some(1.5));
    assert_eq!(days[2].daily_weather().day_of_year, 63);
}

#[test]
fn other_humidity_and_radiation_columns() {
    let text = "Date,TMIN_C,tmax_c,tdew_c,rs_mj_m2\n2027-07-01,20,35,5,28.5\n";
    let d = parse_weather_csv(text, "w.csv").unwrap()[0];
    assert_eq!(d.humidity, Humidity::DewPoint { tdew_c: 5.0 });
    assert_eq!(d.radiation, Radiation::Measured { rs_mj_m2: 28.5 });
    assert_eq!(d.precip_mm, None);
    let text = "date,tmin_c,tmax_c,rh_mean_pct\n2027-07-01,20,35,44\n";
    let d = parse_weather_csv(text, "w.csv").unwrap()[0];
    assert_eq!(d.humidity, Humidity::RhMean { rh_mean_pct: 44.0 });
    let text = "date,tmin_c,tmax_c,ea_kpa\n2027-07-01,20,35,1.2\n";
    let d = parse_weather_csv(text, "w.csv").unwrap()[0];
    assert_eq!(d.humidity, Humidity::VapourPressure { ea_kpa: 1.2 });
    let text = "date,tmin_c,tmax_c,rh_max_pct\n2027-07-01,20,35,70\n";
    let d = parse_weather_csv(text, "w.csv").unwrap()[0];
    assert_eq!(d.humidity, Humidity::RhMax { rh_max_pct: 70.0 });
}

#[test]
fn missing_required_column() {
    let e = one_error("date,tmin_c,rh_mean_pct\n2027-01-01,1,50\n");
    assert!(e.location.contains("line 1"), "{e}");
    assert!(e.message.contains("tmax_c"), "{e}");
}

#[test]
fn non_numeric_cell() {
    let e = one_error("date,tmin_c,tmax_c\n2027-01-01,1,warm\n");
    assert_eq!(e.location, "line 2, column 3 (tmax_c)");
    assert_eq!(e.value, "warm");
    assert!(e.message.contains("not a number"), "{e}");
    // NaN and infinity parse as floats in Rust but are not measurements.
    let e = one_error("date,tmin_c,tmax_c\n2027-01-01,NaN,3\n");
    assert_eq!(e.location, "line 2, column 2 (tmin_c)");
}

#[test]
fn tmin_above_tmax() {
    let e = one_error("date,tmin_c,tmax_c\n2027-01-01,1,2\n2027-01-02,5,2\n");
    assert_eq!(e.location, "line 3, column 2 (tmin_c)");
    assert_eq!(e.value, "5");
    assert!(e.message.contains("tmin_c <= tmax_c"), "{e}");
}

#[test]
fn relative_humidity_outside_0_100() {
    let e = one_error("date,tmin_c,tmax_c,rh_mean_pct\n2027-01-01,1,2,104\n");
    assert_eq!(e.location, "line 2, column 4 (rh_mean_pct)");
    assert_eq!(e.value, "104");
    assert!(e.message.contains("from 0 to 100"), "{e}");
    let e = one_error("date,tmin_c,tmax_c,rh_min_pct,rh_max_pct\n2027-01-01,1,2,-3,80\n");
    assert_eq!(e.location, "line 2, column 4 (rh_min_pct)");
}

#[test]
fn dates_out_of_order_or_repeated_or_invalid() {
    let e = one_error("date,tmin_c,tmax_c\n2027-01-02,1,2\n2027-01-01,1,2\n");
    assert_eq!(e.location, "line 3, column 1 (date)");
    assert!(e.message.contains("out of order"), "{e}");
    let e = one_error("date,tmin_c,tmax_c\n2027-01-01,1,2\n2027-01-01,1,2\n");
    assert_eq!(e.location, "line 3, column 1 (date)");
    assert!(
        e.message.contains("repeated") && e.message.contains("line 2"),
        "{e}"
    );
    let e = one_error("date,tmin_c,tmax_c\n2027-02-30,1,2\n");
    assert_eq!(e.value, "2027-02-30");
    assert!(e.message.contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn negative_precipitation_and_other_ranges() {
    let e = one_error("date,tmin_c,tmax_c,precip_mm\n2027-01-01,1,2,-0.5\n");
    assert_eq!(e.location, "line 2, column 4 (precip_mm)");
    assert!(e.message.contains("from 0"), "{e}");
    let e = one_error("date,tmin_c,tmax_c,wind_ms\n2027-01-01,1,2,-1\n");
    assert_eq!(e.location, "line 2, column 4 (wind_ms)");
    let e = one_error("date,tmin_c,tmax_c,sunshine_h\n2027-01-01,1,2,25\n");
    assert_eq!(e.location, "line 2, column 4 (sunshine_h)");
}

#[test]
fn every_error_is_collected() {
    let text = "date,tmin_c,tmax_c,rh_mean_pct,precip_mm
2027-01-01,1,x,50,0
2027-01-02,9,2,150,-1
2027-01-02,1,2,50,0
";
    let e = errors_of(text);
    let locations: Vec<&str> = e.0.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(
        locations,
        vec![
            "line 2, column 3 (tmax_c)",
            "line 3, column 4 (rh_mean_pct)",
            "line 3, column 5 (precip_mm)",
            "line 3, column 2 (tmin_c)",
            "line 4, column 1 (date)",
        ],
        "{e}"
    );
}

#[test]
fn ragged_rows_empty_files_and_missing_files() {
    let e = one_error("date,tmin_c,tmax_c\n2027-01-01,1\n");
    assert_eq!(e.location, "line 2");
    assert!(e.message.contains("fields"), "{e}");
    let e = one_error("");
    assert_eq!(e.location, "line 1");
    let e = one_error("date,tmin_c,tmax_c\n");
    assert!(e.message.contains("no data rows"), "{e}");
    let e = read_weather_csv(std::path::Path::new("/no/such/weather.csv")).unwrap_err();
    assert_eq!(e.0[0].file, "/no/such/weather.csv");
}

#[test]
fn station_typical_year_reads_like_a_file() {
    let s = station("moynaq").unwrap();
    let year = typical_year(&s, 2027, 3);
    assert_eq!(year.len(), 365);
    assert_eq!(year[0].date.to_string(), "2027-01-01");
    // Written as CSV and read back, the generated year is accepted by the reader unchanged.
    let mut text = String::from("date,tmin_c,tmax_c,rh_mean_pct,wind_ms,sunshine_h,precip_mm\n");
    for d in &year {
        let (Humidity::RhMean { rh_mean_pct }, Radiation::Sunshine { hours }) =
            (d.humidity, d.radiation)
        else {
            panic!("typical year gives RH mean and sunshine");
        };
        text += &format!(
            "{},{},{},{},{},{},{}\n",
            d.date,
            d.tmin_c,
            d.tmax_c,
            rh_mean_pct,
            d.wind_ms.unwrap(),
            hours,
            d.precip_mm.unwrap()
        );
    }
    let back: Vec<WeatherDay> = parse_weather_csv(&text, "gen.csv").unwrap();
    assert_eq!(back, year);
}

/// Every error names the file and a line (and, for a cell, the column) and says what is wrong.
fn assert_located(e: &InputErrors) {
    assert!(!e.0.is_empty());
    for err in &e.0 {
        assert_eq!(err.file, "fuzz.csv");
        assert!(err.location.starts_with("line "), "unlocated: {err}");
        assert!(!err.message.is_empty(), "no message: {err}");
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "-?[0-9]{1,3}(\\.[0-9]{1,2})?",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[a-zA-Z\"',; \\t]{0,6}",
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e400".to_string()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Err(e) = parse_weather_csv(&text, "fuzz.csv") {
            assert_located(&e);
        }
    }

    #[test]
    fn mutated_files_never_panic_and_errors_are_located(
        edits in prop::collection::vec((0usize..4, 0usize..8, cell()), 1..6),
        drop_line in prop::option::of(0usize..4),
    ) {
        let mut rows: Vec<Vec<String>> = GOOD
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        for (r, c, value) in edits {
            rows[r][c] = value;
        }
        if let Some(r) = drop_line {
            rows.remove(r);
        }
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        match parse_weather_csv(&text, "fuzz.csv") {
            Ok(days) => {
                for d in days {
                    prop_assert!(d.tmin_c <= d.tmax_c);
                    prop_assert!(d.tmin_c.is_finite() && d.tmax_c.is_finite());
                }
            }
            Err(e) => assert_located(&e),
        }
    }
}
