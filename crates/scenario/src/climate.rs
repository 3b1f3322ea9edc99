//! Typical-year daily weather for a built-in station: the core generator
//! ([`aralkum_core::climate::typical_year`]) fed with the station's normals, returned in the
//! same form as a weather file ([`WeatherDay`]) so that everything downstream treats both alike.

use crate::stations::Station;
use crate::weather::WeatherDay;
use aralkum_core::et0::{Humidity, Radiation};

/// A seeded typical year (`year` fixes the calendar) at `station`: mean relative humidity,
/// sunshine hours, wind at the station's `wind_height_m`, and precipitation every day. The same
/// station, year and seed always give the same series.
pub fn typical_year(station: &Station, year: i32, seed: u64) -> Vec<WeatherDay> {
    aralkum_core::climate::typical_year(&station.normals, year, seed)
        .into_iter()
        .map(|d| WeatherDay {
            date: d.date,
            tmin_c: d.tmin_c,
            tmax_c: d.tmax_c,
            humidity: Humidity::RhMean {
                rh_mean_pct: d.rh_mean_pct,
            },
            radiation: Radiation::Sunshine {
                hours: d.sunshine_h,
            },
            wind_ms: Some(d.wind_ms),
            precip_mm: Some(d.precip_mm),
        })
        .collect()
}
