//! Daily weather of each plan year: reference ET0 (FAO-56 Penman-Monteith, [`daily_et0`]) and
//! rain, 365 days starting on the first day of the site's water season.
//!
//! With a station, year k is the station's seeded typical year (seed `SEED_BASE + k`, so every
//! year differs but every run is the same) read from the season start to the end of the year
//! and on from 1 January. With a weather file, the years follow each other from the first day of
//! the file that falls on the season start; the file is repeated when the horizon is longer.

use super::site::{Climate, Site};
use crate::climate::typical_year;
use crate::weather::WeatherDay;
use aralkum_core::date::Date;
use aralkum_core::et0::{daily_et0, Site as Et0Site};

/// Days of a plan year.
pub const YEAR_D: usize = 365;
/// Seed of the typical year of plan year 0 (year k uses `SEED_BASE + k`).
pub const SEED_BASE: u64 = 20_270;
/// Calendar year of the first plan year (fixes the generator's calendar only).
pub const FIRST_YEAR: i32 = 2027;
/// Hargreaves-Samani kRs inland and coastal (FAO-56 eq. 50).
const KRS: (f64, f64) = (0.16, 0.19);

/// One day of a plan year.
///
/// # Units
/// cm/d.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanDay {
    /// Calendar date.
    pub date: Date,
    /// Reference evapotranspiration (cm/d).
    pub et0_cm: f64,
    /// Rain (cm/d).
    pub precip_cm: f64,
}

/// The weather of `count` plan years starting with plan year `first` (year 0 is the year of
/// the reclamation leaching, the candidates grow in years 1 to `site.years`).
pub fn plan_years(site: &Site, first: usize, count: usize) -> Vec<Vec<PlanDay>> {
    let (wind_height_m, days_source): (f64, Option<&[WeatherDay]>) = match &site.climate {
        Climate::Station(s) => (s.wind_height_m, None),
        Climate::Weather { days, .. } => (2.0, Some(days.as_slice())),
    };
    let et0_site = Et0Site {
        latitude_deg: site.latitude_deg,
        elevation_m: site.elevation_m,
        wind_height_m,
        krs: if site.coastal { KRS.1 } else { KRS.0 },
    };
    let start = site.water.season_start;
    let to_day = |w: &WeatherDay| PlanDay {
        date: w.date,
        et0_cm: daily_et0(&et0_site, &w.daily_weather()).et0_mm.max(0.0) / 10.0,
        precip_cm: w.precip_mm.unwrap_or(0.0).max(0.0) / 10.0,
    };
    (first..first + count)
        .map(|k| match (&site.climate, days_source) {
            (Climate::Station(st), _) => {
                let year = typical_year(st, FIRST_YEAR + k as i32, SEED_BASE + k as u64);
                let begin = year
                    .iter()
                    .position(|d| d.date.month == start.month && d.date.day == start.day)
                    .unwrap_or(0);
                year.iter()
                    .cycle()
                    .skip(begin)
                    .take(YEAR_D)
                    .map(to_day)
                    .collect()
            }
            (_, Some(days)) => {
                let begin = days
                    .iter()
                    .position(|d| d.date.month == start.month && d.date.day == start.day)
                    .unwrap_or(0);
                days.iter()
                    .cycle()
                    .skip(begin + k * YEAR_D)
                    .take(YEAR_D)
                    .map(to_day)
                    .collect()
            }
            (_, None) => Vec::new(),
        })
        .collect()
}
