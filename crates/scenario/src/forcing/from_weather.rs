//! Weather-driven forcing: each day of the run takes its weather row by date, FAO-56
//! Penman-Monteith ET0 (`aralkum_core::et0::daily_et0`, Allen et al. 1998 eq. 6) is split into
//! potential evaporation and transpiration by a [`PotentialSplit`], and precipitation comes from
//! the file's `precip_mm` (none given: no rain that day).

use super::split::PotentialSplit;
use super::DayForcing;
use crate::error::{InputError, InputErrors};
use crate::weather::WeatherDay;
use aralkum_core::date::Date;
use aralkum_core::et0::{daily_et0, Site};
use std::collections::HashMap;

/// Daily amounts, ET0 and (when the split grows roots) rooting depths of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeatherForcing {
    /// Day d at index d-1.
    pub days: Vec<DayForcing>,
    /// ET0 of each day (cm).
    pub et0_cm: Vec<f64>,
    /// Rooting depth of each day (cm), empty when the split has no roots.
    pub root_depth_cm: Vec<f64>,
}

/// Builds `n_days` days of forcing from `start` (day d has the date start + d - 1). Every date
/// the run needs must be in `weather`; `file` names the weather file in errors.
pub fn weather_forcing(
    weather: &[WeatherDay],
    file: &str,
    site: &Site,
    start: Date,
    n_days: usize,
    split: &dyn PotentialSplit,
) -> Result<WeatherForcing, InputErrors> {
    let by_date: HashMap<Date, &WeatherDay> = weather.iter().map(|w| (w.date, w)).collect();
    let mut missing = Vec::new();
    let mut out = WeatherForcing::default();
    for d in 1..=n_days {
        let date = start.add_days(d as i64 - 1);
        let Some(w) = by_date.get(&date) else {
            missing.push(date);
            continue;
        };
        let et0_cm = daily_et0(site, &w.daily_weather()).et0_mm / 10.0;
        let p = split.split(d as u32, et0_cm);
        out.days.push(DayForcing {
            precip_cm: w.precip_mm.unwrap_or(0.0) / 10.0,
            irrigation_cm: 0.0,
            irrigation_salt_g_l: 0.0,
            pot_evap_cm: p.evaporation_cm,
            pot_transp_cm: p.transpiration_cm,
        });
        out.et0_cm.push(et0_cm);
        if let Some(r) = p.root_depth_cm {
            out.root_depth_cm.push(r);
        }
    }
    if let Some(first) = missing.first() {
        let last = missing[missing.len() - 1];
        let message = if missing.len() == 1 {
            format!("no row for {first}, which the run needs (day 0 is simulation.start)")
        } else {
            format!(
                "no rows for {} dates the run needs, from {first} to {last} (day 0 is \
                 simulation.start); the weather must cover every day of the run",
                missing.len()
            )
        };
        return Err(InputError::new(file, "date", "", message).into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forcing::split::BareSoil;
    use aralkum_core::et0::{Humidity, Radiation};

    fn day(date: Date) -> WeatherDay {
        WeatherDay {
            date,
            tmin_c: 12.3,
            tmax_c: 21.5,
            humidity: Humidity::RhMinMax {
                rh_min_pct: 63.0,
                rh_max_pct: 84.0,
            },
            radiation: Radiation::Sunshine { hours: 9.25 },
            wind_ms: Some(10.0 / 3.6),
            precip_mm: Some(4.0),
        }
    }

    #[test]
    fn fao56_example_18_through_the_forcing() {
        // FAO-56 Example 18 (Uccle, 6 July, wind at 10 m): ET0 3.9 mm/d.
        let mut site = Site::new(50.8, 100.0);
        site.wind_height_m = 10.0;
        let start = Date::new(2027, 7, 6).unwrap();
        let f = weather_forcing(
            &[day(start)],
            "w.csv",
            &site,
            start,
            1,
            &BareSoil { kc_soil: 1.0 },
        )
        .unwrap();
        assert!((f.et0_cm[0] - 0.39).abs() < 0.005, "{}", f.et0_cm[0]);
        assert_eq!(f.days[0].pot_evap_cm, f.et0_cm[0]);
        assert!((f.days[0].precip_cm - 0.4).abs() < 1e-12);
        assert!(f.root_depth_cm.is_empty());
    }

    #[test]
    fn missing_dates_are_reported() {
        let start = Date::new(2027, 7, 6).unwrap();
        let e = weather_forcing(
            &[day(start)],
            "w.csv",
            &Site::new(43.0, 65.0),
            start,
            3,
            &BareSoil { kc_soil: 1.0 },
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.csv: date: no rows for 2 dates the run needs, from 2027-07-07 to 2027-07-08 (day 0 \
             is simulation.start); the weather must cover every day of the run"
        );
    }
}
