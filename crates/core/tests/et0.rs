//! FAO-56 Penman-Monteith daily ET0 against independent references (reference/vectors/et0, each
//! with its .json provenance):
//! - FAO-56 Example 18 (Uccle, 6 July): ET0 within 0.05 mm/d, intermediates within 1 %;
//! - FAO-56 worked examples 2-18: every daily quantity within the row's `abs_tolerance` of the
//!   printed value and within 1e-6 relative of the full-precision recomputation;
//! - a synthetic Aral seabed year computed with the ASCE standardized equation (identical to
//!   FAO-56 PM for daily short grass): within 1 % or 0.05 mm on every day;
//! - a real station year (Fallon, Nevada, 2015) against REF-ET 4.1.
//!
//! The daily vectors are read by column name, so another vector of the same form (other site,
//! other humidity or radiation columns) is checked the same way.

use aralkum_core::date::Date;
use aralkum_core::et0::atmosphere::*;
use aralkum_core::et0::hourly::*;
use aralkum_core::et0::penman_monteith::*;
use aralkum_core::et0::radiation::*;
use aralkum_core::et0::vapour::*;
use aralkum_core::et0::wind::*;
use aralkum_core::et0::{
    daily_et0, daily_et0_with, ClearSky, DailyWeather, Et0Day, Et0Options, Humidity, Radiation,
    Site,
};
use std::collections::HashMap;

fn vector_text(name: &str) -> String {
    let full = format!(
        "{}/../../reference/vectors/et0/{}",
        env!("CARGO_MANIFEST_DIR"),
        name
    );
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Splits one CSV line, honouring double quotes (the worked-examples notes contain commas).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(ch),
        }
    }
    cells.push(cell);
    cells
}

/// Rows of a CSV as maps from column name to cell.
fn csv_rows(name: &str) -> Vec<HashMap<String, String>> {
    let text = vector_text(name);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = split_csv_line(lines.next().expect("header"));
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(split_csv_line(l).into_iter().map(|c| c.trim().to_string()))
                .collect()
        })
        .collect()
}

/// A number stored under `"key":` in a provenance .json (first occurrence).
fn json_number(name: &str, key: &str) -> Option<f64> {
    let text = vector_text(name);
    let at = text.find(&format!("\"{key}\""))?;
    let rest = &text[at + key.len() + 2..];
    let rest = rest[rest.find(':')? + 1..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn num(row: &HashMap<String, String>, key: &str) -> Option<f64> {
    row.get(key).filter(|s| !s.is_empty()).map(|s| {
        s.parse()
            .unwrap_or_else(|_| panic!("column {key}: not a number: {s}"))
    })
}

/// Builds the day's weather from whichever columns the vector has (INTERFACES section 4 names).
/// Humidity is taken in FAO-56's order of preference; a column further down the list (such as
/// `ea_kpa` beside RH columns) is then one of the vector's results, compared afterwards.
fn weather_from_row(row: &HashMap<String, String>) -> DailyWeather {
    let date = Date::parse_iso(&row["date"]).expect("date");
    let humidity = if let (Some(rh_min_pct), Some(rh_max_pct)) =
        (num(row, "rh_min_pct"), num(row, "rh_max_pct"))
    {
        Humidity::RhMinMax {
            rh_min_pct,
            rh_max_pct,
        }
    } else if let Some(rh_max_pct) = num(row, "rh_max_pct") {
        Humidity::RhMax { rh_max_pct }
    } else if let Some(rh_mean_pct) = num(row, "rh_mean_pct") {
        Humidity::RhMean { rh_mean_pct }
    } else if let Some(tdew_c) = num(row, "tdew_c") {
        Humidity::DewPoint { tdew_c }
    } else if let Some(ea_kpa) = num(row, "ea_kpa") {
        Humidity::VapourPressure { ea_kpa }
    } else {
        Humidity::Missing
    };
    // A vector that gives sunshine lists rs_mj_m2 as a result (eq. 35), not as an input.
    let radiation = if let Some(hours) = num(row, "sunshine_h") {
        Radiation::Sunshine { hours }
    } else if let Some(rs_mj_m2) = num(row, "rs_mj_m2") {
        Radiation::Measured { rs_mj_m2 }
    } else {
        Radiation::Missing
    };
    DailyWeather {
        day_of_year: date.day_of_year(),
        tmin_c: num(row, "tmin_c").expect("tmin_c"),
        tmax_c: num(row, "tmax_c").expect("tmax_c"),
        humidity,
        radiation,
        wind_ms: num(row, "wind_ms"),
    }
}

/// The site of a daily vector from its .json; the wind height from a `wind_height_m` column, or
/// the .json's `anemometer_height_m`, or 2 m.
fn site_for(json: &str, row: &HashMap<String, String>) -> Site {
    let mut site = Site::new(
        json_number(json, "latitude_deg").expect("latitude_deg in json"),
        json_number(json, "elevation_m").expect("elevation_m in json"),
    );
    site.wind_height_m = num(row, "wind_height_m")
        .or_else(|| json_number(json, "anemometer_height_m"))
        .unwrap_or(2.0);
    site
}

/// The intermediate columns a daily vector may carry, and the field of [`Et0Day`] they match.
fn intermediates(day: &Et0Day) -> [(&'static str, f64); 8] {
    [
        ("ra_mj_m2", day.ra_mj_m2),
        ("rso_mj_m2", day.rso_mj_m2),
        ("rs_mj_m2", day.rs_mj_m2),
        ("rn_mj_m2", day.rn_mj_m2),
        ("es_kpa", day.es_kpa),
        ("ea_kpa", day.ea_kpa),
        ("delta_kpa_c", day.delta_kpa_c),
        ("gamma_kpa_c", day.gamma_kpa_c),
    ]
}

/// Checks every row of a daily vector: ET0 within `et0_abs_mm` or `et0_rel` (either suffices),
/// each intermediate present within `intermediate_rel`. Returns the number of rows checked.
fn check_daily_vector(stem: &str, et0_abs_mm: f64, et0_rel: f64, intermediate_rel: f64) -> usize {
    let json = format!("{stem}.json");
    let rows = csv_rows(&format!("{stem}.csv"));
    let mut failures = Vec::new();
    for row in &rows {
        let site = site_for(&json, row);
        let day = daily_et0(&site, &weather_from_row(row));
        let expected = num(row, "et0_mm").expect("et0_mm");
        let err = (day.et0_mm - expected).abs();
        if err > et0_abs_mm && err > et0_rel * expected.abs() {
            failures.push(format!(
                "{}: et0 {:.4} vs {expected}",
                row["date"], day.et0_mm
            ));
        }
        for (key, value) in intermediates(&day) {
            if let Some(want) = num(row, key) {
                if (value - want).abs() > intermediate_rel * want.abs() {
                    failures.push(format!("{}: {key} {value:.5} vs {want}", row["date"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{stem}:\n{}", failures.join("\n"));
    rows.len()
}

#[test]
fn fao56_example18_uccle() {
    // FAO-56 Example 18; tolerance of its .json: ET0 0.05 mm/d, intermediates 1 %.
    let n = check_daily_vector("fao56_example18", 0.05, 0.0, 0.01);
    assert_eq!(n, 1);
}

#[test]
fn aral_year_every_day_within_one_percent_or_5_hundredths_mm() {
    // ASCE standardized reference ET (refet) for a synthetic seabed year; tolerance 1 % or
    // 0.05 mm on every day (its .json).
    let n = check_daily_vector("aral_year_shared", 0.05, 0.01, 0.01);
    assert!(n >= 365, "a full year expected, got {n} rows");
}

/// Our value for a quantity of a FAO-56 worked example (inputs as printed in the examples and
/// restated in fao56_worked_examples.json), or `None` for the hourly Example 19.
fn worked_example_value(example: &str, quantity: &str) -> Option<f64> {
    let e0 = saturation_vapour_pressure_kpa;
    let value = match (example, quantity) {
        // Example 2: elevation 1800 m.
        ("ex2", "p_kpa") => atmospheric_pressure_kpa(1800.0),
        ("ex2", "gamma_kpa_c") => psychrometric_constant_kpa_c(atmospheric_pressure_kpa(1800.0)),
        // Example 3: Tmax 24.5 C, Tmin 15 C.
        ("ex3", "e0_24.5_kpa") => e0(24.5),
        ("ex3", "e0_15_kpa") => e0(15.0),
        ("ex3", "es_kpa") => mean_saturation_vapour_pressure_kpa(15.0, 24.5),
        // Example 5: Tmin 18, Tmax 25, RHmax 82, RHmin 54.
        ("ex5", "ea_kpa") => ea_from_rh_min_max_kpa(18.0, 25.0, 54.0, 82.0),
        // Examples 8 and 9: 20 S, 3 September (J = 246).
        ("ex8", "ra_mj_m2_d") => extraterrestrial_radiation_mj_m2(-20.0, 246),
        ("ex9", "daylength_h") => daylight_hours(-20.0, 246),
        // Example 10: Rio de Janeiro 22 deg 54' S, 15 May (J = 135), 220 h of sunshine in May.
        ("ex10", "ra_mj_m2_d") => extraterrestrial_radiation_mj_m2(-(22.0 + 54.0 / 60.0), 135),
        ("ex10", "daylength_h") => daylight_hours(-(22.0 + 54.0 / 60.0), 135),
        ("ex10", "rs_mj_m2_d") => {
            let lat = -(22.0 + 54.0 / 60.0);
            solar_radiation_from_sunshine_mj_m2(
                220.0 / 31.0,
                daylight_hours(lat, 135),
                extraterrestrial_radiation_mj_m2(lat, 135),
            )
        }
        // Example 14: 3.2 m/s at 10 m.
        ("ex14", "u2_m_s") => wind_speed_2m_ms(3.2, 10.0),
        ("ex17_bangkok_april", q) => example17(q)?,
        ("ex18_uccle_6july", q) => example18(q)?,
        ("ex19_ndiaye_0200_0300", q) => example19(q, false)?,
        ("ex19_ndiaye_1400_1500", q) => example19(q, true)?,
        (e, q) => panic!("no computation for {e} {q}: add it (a new worked example?)"),
    };
    Some(value)
}

/// FAO-56 Example 17 (Bangkok, April, monthly means): lat 13 deg 44' N, z 2 m, J 105,
/// Tmax 34.8, Tmin 25.6, ea 2.85 kPa, u2 2 m/s, n 8.5 h/d, G from March 29.2 C and April 30.2 C
/// (eq. 44).
fn example17(q: &str) -> Option<f64> {
    let site = Site::new(13.0 + 44.0 / 60.0, 2.0);
    let weather = DailyWeather {
        day_of_year: 105,
        tmin_c: 25.6,
        tmax_c: 34.8,
        humidity: Humidity::VapourPressure { ea_kpa: 2.85 },
        radiation: Radiation::Sunshine { hours: 8.5 },
        wind_ms: Some(2.0),
    };
    let d = daily_et0(&site, &weather);
    let g = monthly_soil_heat_flux_mj_m2(30.2, 29.2);
    Some(match q {
        "es_kpa" => d.es_kpa,
        "vpd_kpa" => d.es_kpa - d.ea_kpa,
        "delta_kpa_c" => d.delta_kpa_c,
        "gamma_kpa_c" => d.gamma_kpa_c,
        "ra_mj_m2_d" => d.ra_mj_m2,
        "daylength_h" => d.daylight_h,
        "rs_mj_m2_d" => d.rs_mj_m2,
        "rso_mj_m2_d" => d.rso_mj_m2,
        "rns_mj_m2_d" => d.rns_mj_m2,
        "rnl_mj_m2_d" => d.rnl_mj_m2,
        "rn_mj_m2_d" => d.rn_mj_m2,
        "g_mj_m2_d" => g,
        // The monthly example uses G from eq. 44 instead of the daily G = 0.
        "et0_mm_d" => et0_penman_monteith_mm(
            d.delta_kpa_c,
            d.gamma_kpa_c,
            d.rn_mj_m2,
            g,
            d.tmean_c,
            d.u2_ms,
            d.es_kpa,
            d.ea_kpa,
        ),
        _ => panic!("ex17: unknown quantity {q}"),
    })
}

/// FAO-56 Example 18 (Uccle, 6 July): lat 50 deg 48' N, z 100 m, J 187, Tmax 21.5, Tmin 12.3,
/// RHmax 84, RHmin 63, wind 10 km/h at 10 m, n 9.25 h.
fn example18(q: &str) -> Option<f64> {
    let mut site = Site::new(50.8, 100.0);
    site.wind_height_m = 10.0;
    let weather = DailyWeather {
        day_of_year: 187,
        tmin_c: 12.3,
        tmax_c: 21.5,
        humidity: Humidity::RhMinMax {
            rh_min_pct: 63.0,
            rh_max_pct: 84.0,
        },
        radiation: Radiation::Sunshine { hours: 9.25 },
        wind_ms: Some(10.0 / 3.6),
    };
    let d = daily_et0(&site, &weather);
    Some(match q {
        "u2_m_s" => d.u2_ms,
        "tmean_c" => d.tmean_c,
        "p_kpa" => d.pressure_kpa,
        "gamma_kpa_c" => d.gamma_kpa_c,
        "delta_kpa_c" => d.delta_kpa_c,
        "e0_tmax_kpa" => saturation_vapour_pressure_kpa(21.5),
        "e0_tmin_kpa" => saturation_vapour_pressure_kpa(12.3),
        "es_kpa" => d.es_kpa,
        "ea_kpa" => d.ea_kpa,
        "vpd_kpa" => d.es_kpa - d.ea_kpa,
        "phi_rad" => latitude_rad(50.8),
        "dr" => inverse_relative_distance(187),
        "decl_rad" => solar_declination_rad(187),
        "ra_mj_m2_d" => d.ra_mj_m2,
        "daylength_h" => d.daylight_h,
        "rs_mj_m2_d" => d.rs_mj_m2,
        "rso_mj_m2_d" => d.rso_mj_m2,
        "rns_mj_m2_d" => d.rns_mj_m2,
        "rnl_mj_m2_d" => d.rnl_mj_m2,
        "rn_mj_m2_d" => d.rn_mj_m2,
        "et0_mm_d" => d.et0_mm,
        _ => panic!("ex18: unknown quantity {q}"),
    })
}

/// FAO-56 Example 19 (N'Diaye, Senegal, 1 October, J = 274): lat 16 deg 13' N, Lm 16 deg 15' W,
/// Lz 15 W, z 8 m. 02:00-03:00: T 28 C, RH 90 %, u2 1.9 m/s, Rs 0, Rs/Rso 0.8 assumed from before
/// sunset, G = 0.5 Rn (eq. 46). 14:00-15:00: T 38 C, RH 52 %, u2 3.3 m/s, Rs 2.45 MJ m-2 h-1,
/// G = 0.1 Rn (eq. 45).
fn example19(q: &str, afternoon: bool) -> Option<f64> {
    let (lat, lm, lz, z, j) = (16.0 + 13.0 / 60.0, 16.25, 15.0, 8.0, 274);
    let (t, rh, u2, rs, t_mid) = if afternoon {
        (38.0, 52.0, 3.3, 2.45, 14.5)
    } else {
        (28.0, 90.0, 1.9, 0.0, 2.5)
    };
    let delta = saturation_slope_kpa_c(t);
    let gamma = psychrometric_constant_kpa_c(atmospheric_pressure_kpa(z));
    let e0 = saturation_vapour_pressure_kpa(t);
    // FAO-56 eq. 54: ea = e0(Thr) RHhr / 100.
    let ea = e0 * rh / 100.0;
    let omega = solar_time_angle_rad(t_mid, lz, lm, j);
    let (w1, w2) = period_end_angles_rad(omega, 1.0);
    let ra = extraterrestrial_radiation_period_mj_m2(lat, j, w1, w2);
    let rso = clear_sky_radiation_mj_m2(z, ra);
    let rs_rso = if afternoon { rs / rso } else { 0.8 };
    let rns = net_shortwave_radiation_mj_m2(rs);
    let rnl = net_longwave_radiation_hourly_mj_m2(t, ea, rs_rso);
    let rn = net_radiation_mj_m2(rns, rnl);
    let g = soil_heat_flux_hourly_mj_m2(rn, afternoon);
    Some(match q {
        "delta_kpa_c" => delta,
        "gamma_kpa_c" => gamma,
        "e0_t_kpa" => e0,
        "ea_kpa" => ea,
        "vpd_kpa" => e0 - ea,
        "b" => seasonal_b_rad(j),
        "sc_h" => seasonal_correction_h(j),
        "omega_rad" => omega,
        "omega1_rad" => w1,
        "omega2_rad" => w2,
        "ra_mj_m2_h" => ra,
        "rso_mj_m2_h" => rso,
        "rns_mj_m2_h" => rns,
        "sigma_tk4" => STEFAN_BOLTZMANN_MJ_K4_M2_H * (t + 273.16f64).powi(4),
        "rs_rso" => rs_rso,
        "rnl_mj_m2_h" => rnl,
        "rn_mj_m2_h" => rn,
        "g_mj_m2_h" => g,
        "et0_mm_h" => et0_hourly_mm(delta, gamma, rn, g, t, u2, e0, ea),
        _ => panic!("ex19: unknown quantity {q}"),
    })
}

#[test]
fn fao56_worked_examples_every_row() {
    // Every row is computed, the hourly Example 19 included (an unknown row panics in
    // worked_example_value).
    let rows = csv_rows("fao56_worked_examples.csv");
    let mut checked = 0;
    let mut failures = Vec::new();
    for row in &rows {
        let (example, quantity) = (&row["example"], &row["quantity"]);
        let Some(ours) = worked_example_value(example, quantity) else {
            continue;
        };
        let published = num(row, "published").unwrap();
        let tol = num(row, "abs_tolerance").unwrap();
        // The printed values are rounded: within half a unit of the last printed digit (+1e-12
        // for the binary representation of the bound itself).
        if (ours - published).abs() > tol + 1e-12 {
            failures.push(format!(
                "{example} {quantity}: {ours} vs printed {published} +- {tol}"
            ));
        }
        // Full precision against the recomputation of the same equations: 1e-6 relative.
        let recomputed = num(row, "recomputed").unwrap();
        if (ours - recomputed).abs() > 1e-6 * recomputed.abs().max(1e-3) {
            failures.push(format!(
                "{example} {quantity}: {ours} vs recomputed {recomputed}"
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, rows.len(), "every row is checked");
}

/// ET0 of every day of the Fallon vector by the chosen method, with the two reference columns.
fn fallon_days_with(options: Et0Options) -> Vec<(String, f64, f64, f64)> {
    let json = "refet_fallon_2015_daily.json";
    let mut site = Site::new(
        json_number(json, "latitude_deg").unwrap(),
        json_number(json, "elevation_m").unwrap(),
    );
    site.wind_height_m = json_number(json, "anemometer_height_m").unwrap();
    csv_rows("refet_fallon_2015_daily.csv")
        .iter()
        .map(|row| {
            let date = Date::parse_iso(&row["date"]).unwrap();
            let weather = DailyWeather {
                day_of_year: date.day_of_year(),
                tmin_c: num(row, "tmin_c").unwrap(),
                tmax_c: num(row, "tmax_c").unwrap(),
                humidity: Humidity::DewPoint {
                    tdew_c: num(row, "tdew_c").unwrap(),
                },
                radiation: Radiation::Measured {
                    rs_mj_m2: num(row, "rs_mj_m2_d").unwrap(),
                },
                wind_ms: num(row, "wind_3m_m_s"),
            };
            let ours = daily_et0_with(&site, &weather, &options).et0_mm;
            (
                row["date"].clone(),
                ours,
                num(row, "eto_fao56_this_script_mm_d").unwrap(),
                num(row, "eto_asce_refet_mm_d").unwrap(),
            )
        })
        .collect()
}

/// ET0 of every day of the Fallon vector by plain FAO-56.
fn fallon_days() -> Vec<(String, f64, f64, f64)> {
    fallon_days_with(Et0Options::default())
}

#[test]
fn fallon_with_the_asce_clear_sky_model_matches_refet_every_day() {
    // With Rso by ASCE-EWRI (2005) Appendix D, as REF-ET computes it, every day is within the
    // vector's tolerance (3 % or 0.1 mm/d) of REF-ET 4.1; in fact within 0.02 mm/d (measured
    // maximum 0.012; REF-ET prints two decimals). This shows that the plain FAO-56 differences
    // of the next test come from the clear-sky model alone.
    let days = fallon_days_with(Et0Options {
        clear_sky: ClearSky::AsceFull,
    });
    assert!(days.len() >= 365);
    for (date, ours, _, refet) in &days {
        let e = (ours - refet).abs();
        assert!(
            e <= 0.1 || e <= 0.03 * refet.abs(),
            "{date}: {ours} vs {refet}"
        );
        assert!(e <= 0.02, "{date}: {ours} vs {refet}");
    }
}

#[test]
fn fallon_matches_an_independent_fao56_computation() {
    // The vector's own FAO-56 recomputation (same equations, Rso by eq. 37): rounding only,
    // within 0.02 mm/d on every day (its .json).
    let days = fallon_days();
    assert!(days.len() >= 365);
    for (date, ours, fao56, _) in &days {
        assert!((ours - fao56).abs() <= 0.02, "{date}: {ours} vs {fao56}");
    }
}

#[test]
fn fallon_against_refet_within_what_the_clear_sky_model_allows() {
    // REF-ET 4.1 computes Rso with the full ASCE clear-sky model (turbidity and precipitable
    // water, ASCE-EWRI 2005 Appendix D), while FAO-56 eq. 37 uses Rso = (0.75 + 2e-5 z) Ra; the
    // two differ most on clear winter days, where Rs/Rso in eq. 39 moves Rnl. The vector's .json
    // documents that a plain FAO-56 implementation differs from REF-ET by at most 0.242 mm/d,
    // 0.042 mm/d on average (and the ASCE test above removes the difference entirely).
    // Measured for this implementation on Fallon 2015: 339 of 365 days
    // (92.9 %) within 3 % or 0.1 mm/d, median |diff| 0.034, 90th percentile 0.092, maximum
    // 0.242 mm/d (2 November). Asserted: at least 90 % of days within the 3 % / 0.1 mm/d
    // tolerance, median <= 0.05, 90th percentile <= 0.1, mean <= 0.05 and every day <= 0.25 mm/d.
    let days = fallon_days();
    let n = days.len();
    let within = days
        .iter()
        .filter(|(_, ours, _, refet)| {
            let e = (ours - refet).abs();
            e <= 0.1 || e <= 0.03 * refet.abs()
        })
        .count();
    let mut errs: Vec<f64> = days.iter().map(|(_, o, _, r)| (o - r).abs()).collect();
    errs.sort_by(|a, b| a.total_cmp(b));
    let mean = errs.iter().sum::<f64>() / n as f64;
    let (p50, p90, max) = (errs[n / 2], errs[n * 9 / 10], errs[n - 1]);
    assert!(
        within as f64 >= 0.9 * n as f64,
        "only {within} of {n} days within 3 % or 0.1 mm/d"
    );
    assert!(p50 <= 0.05, "median |diff| {p50}");
    assert!(p90 <= 0.1, "90th percentile |diff| {p90}");
    assert!(mean <= 0.05, "mean |diff| {mean}");
    assert!(max <= 0.25, "max |diff| {max}");
}

#[test]
fn fallbacks_are_used_and_reported() {
    // With no humidity, radiation or wind, daily_et0 must use eq. 48, eq. 50 and 2 m/s: check
    // each against the equation evaluated directly (FAO-56 chapter 3, "Missing data").
    let mut site = Site::new(43.77, 65.0);
    site.krs = KRS_COASTAL;
    let day = DailyWeather {
        day_of_year: 196,
        tmin_c: 20.0,
        tmax_c: 33.0,
        humidity: Humidity::Missing,
        radiation: Radiation::Missing,
        wind_ms: None,
    };
    let d = daily_et0(&site, &day);
    assert!(d.fallbacks.humidity_from_tmin);
    assert!(d.fallbacks.radiation_from_temperature);
    assert!(d.fallbacks.wind_default);
    assert!((d.ea_kpa - saturation_vapour_pressure_kpa(20.0)).abs() < 1e-12);
    let ra = extraterrestrial_radiation_mj_m2(43.77, 196);
    assert!((d.rs_mj_m2 - 0.19 * 13f64.sqrt() * ra).abs() < 1e-12);
    assert_eq!(d.u2_ms, DEFAULT_WIND_2M_MS);
    // The measured alternative with the same numbers gives the same ET0.
    let explicit = daily_et0(
        &site,
        &DailyWeather {
            humidity: Humidity::VapourPressure { ea_kpa: d.ea_kpa },
            radiation: Radiation::Measured {
                rs_mj_m2: d.rs_mj_m2,
            },
            wind_ms: Some(2.0),
            ..day
        },
    );
    assert!((explicit.et0_mm - d.et0_mm).abs() < 1e-12);
    assert_eq!(explicit.fallbacks, Default::default());
}

#[test]
fn humidity_forms_agree_when_consistent() {
    // Eq. 14, 17, 18, 19 describe the same air: if RHmin and RHmax are those of an air mass with
    // constant ea, every form returns that ea (eq. 10: RH = ea / e0(T)).
    let (tmin, tmax, ea) = (12.0, 28.0, 1.2);
    let rh_max = 100.0 * ea / saturation_vapour_pressure_kpa(tmin);
    let rh_min = 100.0 * ea / saturation_vapour_pressure_kpa(tmax);
    assert!((ea_from_rh_min_max_kpa(tmin, tmax, rh_min, rh_max) - ea).abs() < 1e-12);
    assert!((ea_from_rh_max_kpa(tmin, rh_max) - ea).abs() < 1e-12);
    let tdew = {
        // invert eq. 11 for the dew point
        let l = (ea / 0.6108).ln();
        237.3 * l / (17.27 - l)
    };
    assert!((ea_from_dew_point_kpa(tdew) - ea).abs() < 1e-12);
    let rh_mean = 100.0 * ea / mean_saturation_vapour_pressure_kpa(tmin, tmax);
    assert!((ea_from_rh_mean_kpa(tmin, tmax, rh_mean) - ea).abs() < 1e-12);
}
