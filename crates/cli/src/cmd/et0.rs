//! `aralkum et0`: daily FAO-56 Penman-Monteith reference evapotranspiration from a weather file
//! or a built-in station's typical year. Parses arguments, calls `scenario` and `core`, writes
//! CSV; nothing else.

use super::{CmdResult, Failure};
use aralkum_core::et0::radiation::{KRS_COASTAL, KRS_INLAND};
use aralkum_core::et0::{daily_et0, Et0Day, Site};
use aralkum_scenario::climate::typical_year;
use aralkum_scenario::stations::station;
use aralkum_scenario::weather::{read_weather_csv, WeatherDay};
use aralkum_scenario::{InputError, InputErrors};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `aralkum et0`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Method: FAO-56 Penman-Monteith, grass reference, daily (Allen et al. 1998, eq. 6).\n\n\
Weather file columns (CSV with a header): date (YYYY-MM-DD), tmin_c, tmax_c (C); optional \
humidity as rh_min_pct + rh_max_pct, rh_max_pct, rh_mean_pct (%), tdew_c (C) or ea_kpa (kPa); \
wind_ms (m/s at --wind-height-m); rs_mj_m2 (MJ m-2 d-1) or sunshine_h (h); precip_mm (mm). \
Missing data use the FAO-56 fallbacks: humidity from Tmin (eq. 48), radiation from the \
temperature range (Hargreaves-Samani, eq. 50, kRs 0.16 inland, 0.19 coastal), wind 2 m/s.\n\n\
Output CSV: date,et0_mm (mm/d); with --details also ra_mj_m2,rso_mj_m2,rs_mj_m2,rn_mj_m2 \
(MJ m-2 d-1), es_kpa,ea_kpa (kPa), delta_kpa_c,gamma_kpa_c (kPa/C).",
    group(clap::ArgGroup::new("source").required(true).args(["weather", "station"]))
)]
pub struct Args {
    /// Daily weather CSV file (columns above).
    #[arg(long, value_name = "FILE")]
    pub weather: Option<PathBuf>,

    /// Built-in climate station instead of a file: a typical year generated from its monthly
    /// normals (moynaq, kungrad, aralsk; see data/climate/SOURCES.md).
    #[arg(long, value_name = "NAME")]
    pub station: Option<String>,

    /// Latitude of the site in decimal degrees, north positive (-90 to 90). Required with
    /// --weather; defaults to the station's with --station.
    #[arg(long, value_name = "DEG", allow_hyphen_values = true)]
    pub lat: Option<f64>,

    /// Elevation of the site above sea level in metres (-500 to 9000). Required with --weather;
    /// defaults to the station's with --station.
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    pub elevation: Option<f64>,

    /// Height of the wind measurement above the ground in metres (0.5 to 100); wind is
    /// converted to 2 m by FAO-56 eq. 47. Default 2 (the station's height with --station).
    #[arg(long = "wind-height-m", value_name = "M")]
    pub wind_height_m: Option<f64>,

    /// Hargreaves-Samani coefficient kRs in C^-0.5 (0.1 to 0.3) for days without radiation
    /// data (FAO-56 eq. 50). Default 0.16 (inland).
    #[arg(long, value_name = "K", conflicts_with = "coastal")]
    pub krs: Option<f64>,

    /// The site is coastal: kRs = 0.19 C^-0.5 instead of 0.16 (FAO-56 eq. 50).
    #[arg(long)]
    pub coastal: bool,

    /// Also write the intermediate quantities: ra_mj_m2, rso_mj_m2, rs_mj_m2, rn_mj_m2
    /// (MJ m-2 d-1), es_kpa, ea_kpa (kPa), delta_kpa_c, gamma_kpa_c (kPa/C).
    #[arg(long)]
    pub details: bool,

    /// Calendar year of the generated typical year (with --station; sets 365 or 366 days).
    #[arg(long, value_name = "Y", default_value_t = 2027, requires = "station")]
    pub year: i32,

    /// Seed of the typical-year generator (with --station); the same seed gives the same year.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "station")]
    pub seed: u64,

    /// Write the CSV to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

const CMD: &str = "<command line>";

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    let (site, days) = inputs(&args)?;
    let mut text = String::from("date,et0_mm");
    if args.details {
        text += ",ra_mj_m2,rso_mj_m2,rs_mj_m2,rn_mj_m2,es_kpa,ea_kpa,delta_kpa_c,gamma_kpa_c";
    }
    text.push('\n');
    for day in &days {
        let r = daily_et0(&site, &day.daily_weather());
        text += &row(day, &r, args.details);
    }
    match &args.out {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            Failure::BadInput(
                InputError::new(
                    CMD,
                    "--out",
                    path.display().to_string(),
                    format!("cannot write the file: {e}"),
                )
                .to_string(),
            )
        }),
        None => {
            // A closed pipe (e.g. `| head`) is not an error of ours.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// One output line.
fn row(day: &WeatherDay, r: &Et0Day, details: bool) -> String {
    let mut line = format!("{},{:.3}", day.date, r.et0_mm);
    if details {
        line += &format!(
            ",{:.3},{:.3},{:.3},{:.3},{:.4},{:.4},{:.5},{:.5}",
            r.ra_mj_m2,
            r.rso_mj_m2,
            r.rs_mj_m2,
            r.rn_mj_m2,
            r.es_kpa,
            r.ea_kpa,
            r.delta_kpa_c,
            r.gamma_kpa_c
        );
    }
    line.push('\n');
    line
}

/// The site and the days, with every argument problem reported together.
fn inputs(args: &Args) -> Result<(Site, Vec<WeatherDay>), Failure> {
    let mut errors = InputErrors::new();
    let check = |errors: &mut InputErrors, flag: &str, v: Option<f64>, lo: f64, hi: f64, what| {
        if let Some(v) = v {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                errors.push(InputError::new(
                    CMD,
                    flag,
                    v.to_string(),
                    format!("{what} must be from {lo} to {hi}"),
                ));
            }
        }
    };
    check(
        &mut errors,
        "--lat",
        args.lat,
        -90.0,
        90.0,
        "latitude (deg)",
    );
    check(
        &mut errors,
        "--elevation",
        args.elevation,
        -500.0,
        9000.0,
        "elevation (m)",
    );
    check(
        &mut errors,
        "--wind-height-m",
        args.wind_height_m,
        0.5,
        100.0,
        "wind measurement height (m)",
    );
    check(&mut errors, "--krs", args.krs, 0.1, 0.3, "kRs (C^-0.5)");
    let krs = if args.coastal {
        KRS_COASTAL
    } else {
        args.krs.unwrap_or(KRS_INLAND)
    };

    let (site, days) = if let Some(name) = &args.station {
        match station(name) {
            Ok(st) => {
                let site = Site {
                    latitude_deg: args.lat.unwrap_or(st.latitude_deg),
                    elevation_m: args.elevation.unwrap_or(st.elevation_m),
                    wind_height_m: args.wind_height_m.unwrap_or(st.wind_height_m),
                    krs,
                };
                (site, typical_year(&st, args.year, args.seed))
            }
            Err(e) => {
                errors.push(e);
                (Site::new(0.0, 0.0), Vec::new())
            }
        }
    } else {
        let path = args
            .weather
            .as_ref()
            .expect("clap requires --weather or --station");
        for (flag, v) in [("--lat", args.lat), ("--elevation", args.elevation)] {
            if v.is_none() {
                errors.push(InputError::new(
                    CMD,
                    flag,
                    "",
                    format!("{flag} is required with --weather"),
                ));
            }
        }
        let days = match read_weather_csv(path) {
            Ok(days) => days,
            Err(e) => {
                errors.0.extend(e.0);
                Vec::new()
            }
        };
        let site = Site {
            latitude_deg: args.lat.unwrap_or(0.0),
            elevation_m: args.elevation.unwrap_or(0.0),
            wind_height_m: args.wind_height_m.unwrap_or(2.0),
            krs,
        };
        (site, days)
    };
    errors.into_result(()).map_err(Failure::from)?;
    Ok((site, days))
}
