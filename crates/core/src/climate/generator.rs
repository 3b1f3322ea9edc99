//! A seeded typical-year daily weather generator from monthly normals.
//!
//! The year is built in layers, each keeping the monthly normals:
//! 1. smooth seasonal curves of every variable ([`super::interpolate::mean_preserving_daily`]);
//! 2. precipitation occurrence from a first-order two-state Markov chain whose unconditional
//!    wet-day probability is the month's `wet_days / days` (Gabriel & Neumann 1962; Richardson
//!    1981), amounts exponential (Richardson 1981) and scaled so that each month's total equals
//!    its normal exactly (a typical year, not a random year: its water balance is the normal one);
//! 3. an AR(1) daily temperature anomaly (Richardson 1981 uses the same lag-1 structure) and a
//!    log-normal factor on the daily range, smaller on wet days; both are removed month by month
//!    so mean Tmin and Tmax equal the normals exactly;
//! 4. relative humidity, wind and sunshine with day-to-day noise, more humid and less sunny on
//!    wet days, held to their monthly means (sunshine limited to the day length, FAO-56 eq. 34).
//!
//! The spread parameters are estimates of this project for a continental desert (stated on each
//! constant), not fitted to station records; they shape the day-to-day variation only, never the
//! monthly means.

use super::interpolate::mean_preserving_daily;
use super::rng::SplitMix64;
use crate::date::{days_in_month, Date};
use crate::et0::radiation::daylight_hours;

/// Standard deviation of the daily mean-temperature anomaly, C (estimate: 3 C, typical of
/// mid-latitude continental stations).
pub const TEMPERATURE_ANOMALY_SD_C: f64 = 3.0;
/// Lag-1 autocorrelation of the daily temperature anomaly (estimate; Richardson 1981 reports
/// 0.5-0.8 for US stations).
pub const TEMPERATURE_ANOMALY_LAG1: f64 = 0.7;
/// Standard deviation of the logarithm of the daily temperature-range factor (estimate).
pub const RANGE_LOG_SD: f64 = 0.15;
/// Factor on the daily temperature range of a wet (cloudy) day before rescaling (estimate).
pub const WET_DAY_RANGE_FACTOR: f64 = 0.6;
/// Lag-1 persistence of wet days: P(wet | wet) = p + r (1 - p) (estimate r = 0.3).
pub const WET_PERSISTENCE: f64 = 0.3;
/// Standard deviation of daily relative humidity around its seasonal curve, % (estimate).
pub const RH_SD_PCT: f64 = 8.0;
/// Change of relative humidity per C of temperature anomaly, %/C (estimate: warmer is drier).
pub const RH_PER_TEMPERATURE_PCT_C: f64 = -1.5;
/// Extra relative humidity on a wet day before rescaling, % (estimate).
pub const WET_DAY_RH_PCT: f64 = 15.0;
/// Lowest and highest daily mean relative humidity generated, %.
pub const RH_LIMITS_PCT: (f64, f64) = (5.0, 100.0);
/// Standard deviation of the logarithm of the daily wind factor (estimate).
pub const WIND_LOG_SD: f64 = 0.35;
/// Standard deviation of the logarithm of the daily sunshine factor (estimate).
pub const SUNSHINE_LOG_SD: f64 = 0.2;
/// Factor on sunshine of a wet day before rescaling (estimate).
pub const WET_DAY_SUNSHINE_FACTOR: f64 = 0.3;

/// Monthly normals of one station (January first).
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlyNormals {
    /// Latitude of the station, decimal degrees north (day length for the sunshine limit).
    pub latitude_deg: f64,
    /// Mean daily minimum air temperature, C.
    pub tmin_c: [f64; 12],
    /// Mean daily maximum air temperature, C.
    pub tmax_c: [f64; 12],
    /// Mean relative humidity, %.
    pub rh_mean_pct: [f64; 12],
    /// Mean wind speed (at the height the normals give), m/s.
    pub wind_ms: [f64; 12],
    /// Mean daily bright sunshine, h.
    pub sunshine_h: [f64; 12],
    /// Mean monthly precipitation, mm.
    pub precip_mm: [f64; 12],
    /// Mean number of wet days in the month.
    pub wet_days: [f64; 12],
}

/// One generated day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeneratedDay {
    /// Calendar date.
    pub date: Date,
    /// Minimum air temperature, C.
    pub tmin_c: f64,
    /// Maximum air temperature, C.
    pub tmax_c: f64,
    /// Mean relative humidity, %.
    pub rh_mean_pct: f64,
    /// Mean wind speed at the normals' height, m/s.
    pub wind_ms: f64,
    /// Bright sunshine, h.
    pub sunshine_h: f64,
    /// Precipitation, mm.
    pub precip_mm: f64,
}

/// A daily year (`year` fixes the calendar: 365 or 366 days) from monthly `normals`; the same
/// `seed` always gives the same series.
///
/// Guarantees: monthly means of Tmin and Tmax equal the normals, monthly precipitation totals
/// equal the normals (to rounding), Tmin < Tmax every day, relative humidity within
/// [`RH_LIMITS_PCT`], sunshine within [0, N]. Relative humidity, wind and sunshine keep their
/// monthly means except where the limits cut the noise.
pub fn typical_year(normals: &MonthlyNormals, year: i32, seed: u64) -> Vec<GeneratedDay> {
    let mut lengths = [0u32; 12];
    for (m, len) in lengths.iter_mut().enumerate() {
        *len = days_in_month(year, m as u32 + 1);
    }
    let month_of: Vec<usize> = (0..12)
        .flat_map(|m| std::iter::repeat_n(m, lengths[m] as usize))
        .collect();
    let n = month_of.len();
    // Independent streams per variable, so that changing one layer leaves the others alone.
    let mut master = SplitMix64::new(seed);
    let mut rain_rng = SplitMix64::new(master.next_u64());
    let mut temp_rng = SplitMix64::new(master.next_u64());
    let mut rh_rng = SplitMix64::new(master.next_u64());
    let mut wind_rng = SplitMix64::new(master.next_u64());
    let mut sun_rng = SplitMix64::new(master.next_u64());

    let precip_mm = precipitation(normals, &lengths, &month_of, &mut rain_rng);
    let wet: Vec<bool> = precip_mm.iter().map(|&p| p > 0.0).collect();

    // Temperature: seasonal curves, AR(1) anomaly of the mean, log-normal range factor.
    let tmax_s = mean_preserving_daily(&normals.tmax_c, &lengths);
    let tmin_s = mean_preserving_daily(&normals.tmin_c, &lengths);
    let mut anomaly = vec![0.0; n];
    let innovation_sd = TEMPERATURE_ANOMALY_SD_C * (1.0 - TEMPERATURE_ANOMALY_LAG1.powi(2)).sqrt();
    anomaly[0] = TEMPERATURE_ANOMALY_SD_C * temp_rng.normal();
    for d in 1..n {
        anomaly[d] = TEMPERATURE_ANOMALY_LAG1 * anomaly[d - 1] + innovation_sd * temp_rng.normal();
    }
    remove_monthly_mean(&mut anomaly, &month_of);
    let range_s: Vec<f64> = (0..n).map(|d| (tmax_s[d] - tmin_s[d]).max(0.0)).collect();
    let mut range: Vec<f64> = (0..n)
        .map(|d| {
            let wet_factor = if wet[d] { WET_DAY_RANGE_FACTOR } else { 1.0 };
            range_s[d] * wet_factor * (RANGE_LOG_SD * temp_rng.normal()).exp()
        })
        .collect();
    rescale_to_monthly_sums(&mut range, &range_s, &month_of);

    // Humidity: noise, drier when warm, wetter on rain days; monthly mean anomaly removed.
    let rh_s = mean_preserving_daily(&normals.rh_mean_pct, &lengths);
    let mut rh_anomaly: Vec<f64> = (0..n)
        .map(|d| {
            RH_SD_PCT * rh_rng.normal()
                + RH_PER_TEMPERATURE_PCT_C * anomaly[d]
                + if wet[d] { WET_DAY_RH_PCT } else { 0.0 }
        })
        .collect();
    remove_monthly_mean(&mut rh_anomaly, &month_of);

    // Wind: log-normal factor, monthly means kept.
    let wind_s = mean_preserving_daily(&normals.wind_ms, &lengths);
    let mut wind: Vec<f64> = wind_s
        .iter()
        .map(|w| w.max(0.0) * (WIND_LOG_SD * wind_rng.normal()).exp())
        .collect();
    rescale_to_monthly_sums(&mut wind, &wind_s, &month_of);

    // Sunshine: less on wet days, monthly means kept, never above the day length.
    let sun_s = mean_preserving_daily(&normals.sunshine_h, &lengths);
    let daylight: Vec<f64> = (0..n)
        .map(|d| daylight_hours(normals.latitude_deg, d as u32 + 1))
        .collect();
    let mut sun: Vec<f64> = (0..n)
        .map(|d| {
            let wet_factor = if wet[d] { WET_DAY_SUNSHINE_FACTOR } else { 1.0 };
            sun_s[d].max(0.0) * wet_factor * (SUNSHINE_LOG_SD * sun_rng.normal()).exp()
        })
        .collect();
    for _ in 0..8 {
        rescale_to_monthly_sums(&mut sun, &sun_s, &month_of);
        for d in 0..n {
            sun[d] = sun[d].min(daylight[d]);
        }
    }

    let jan1 = Date::new(year, 1, 1).expect("1 January exists in every year");
    (0..n)
        .map(|d| {
            let tmean = (tmax_s[d] + tmin_s[d]) / 2.0 + anomaly[d];
            GeneratedDay {
                date: jan1.add_days(d as i64),
                tmin_c: tmean - range[d] / 2.0,
                tmax_c: tmean + range[d] / 2.0,
                rh_mean_pct: (rh_s[d] + rh_anomaly[d]).clamp(RH_LIMITS_PCT.0, RH_LIMITS_PCT.1),
                wind_ms: wind[d],
                sunshine_h: sun[d],
                precip_mm: precip_mm[d],
            }
        })
        .collect()
}

/// Daily precipitation: Markov-chain occurrence, exponential amounts, monthly totals exact.
fn precipitation(
    normals: &MonthlyNormals,
    lengths: &[u32; 12],
    month_of: &[usize],
    rng: &mut SplitMix64,
) -> Vec<f64> {
    let n = month_of.len();
    let p_wet = |m: usize| (normals.wet_days[m] / f64::from(lengths[m])).clamp(0.0, 1.0);
    let mut wet = vec![false; n];
    let mut previous = rng.uniform() < p_wet(month_of[0]);
    for d in 0..n {
        let p = p_wet(month_of[d]);
        let p_today = if previous {
            p + WET_PERSISTENCE * (1.0 - p)
        } else {
            p * (1.0 - WET_PERSISTENCE)
        };
        wet[d] = rng.uniform() < p_today;
        previous = wet[d];
    }
    let mut amount: Vec<f64> = (0..n)
        .map(|d| if wet[d] { rng.exponential() } else { 0.0 })
        .collect();
    let mut start = 0usize;
    for (m, len) in lengths.iter().enumerate() {
        let len = *len as usize;
        let days = start..start + len;
        let total = normals.precip_mm[m].max(0.0);
        if total > 0.0 && !amount[days.clone()].iter().any(|&a| a > 0.0) {
            // A month with a normal total but no wet day drawn gets one, so the total is kept.
            amount[start + rng.below(len)] = rng.exponential();
        }
        let drawn: f64 = amount[days.clone()].iter().sum();
        for a in &mut amount[days] {
            *a = if drawn > 0.0 { *a * total / drawn } else { 0.0 };
        }
        start += len;
    }
    amount
}

/// Subtracts from every day the mean of its month.
fn remove_monthly_mean(values: &mut [f64], month_of: &[usize]) {
    let mut sum = [0.0; 12];
    let mut count = [0.0; 12];
    for (v, &m) in values.iter().zip(month_of) {
        sum[m] += v;
        count[m] += 1.0;
    }
    for (v, &m) in values.iter_mut().zip(month_of) {
        *v -= sum[m] / count[m];
    }
}

/// Scales `values` month by month so each month's sum equals that of `reference`.
fn rescale_to_monthly_sums(values: &mut [f64], reference: &[f64], month_of: &[usize]) {
    let mut have = [0.0; 12];
    let mut want = [0.0; 12];
    for d in 0..values.len() {
        have[month_of[d]] += values[d];
        want[month_of[d]] += reference[d];
    }
    for (v, &m) in values.iter_mut().zip(month_of) {
        if have[m] > 0.0 {
            *v *= want[m] / have[m];
        }
    }
}
