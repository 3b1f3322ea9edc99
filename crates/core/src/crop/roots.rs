//! Rooting depth over a season (annual crops) and over years (perennials).
//!
//! Annuals: the effective rooting depth grows linearly in time from its minimum at sowing (the
//! species table uses AquaCrop's Zmin of 0.3 m) to Zr,max (FAO-56 Table 22), reached after the
//! table's `root_growth_days` (the start of mid-season for crops). AquaCrop (Raes et al.) uses a
//! shape factor on the same two end points; linear growth is this project's simpler choice.
//! Perennials (shrubs planted as seedlings or cuttings, alfalfa, licorice): the same linear growth
//! over years after planting, reaching Zr,max after the table's `root_growth_years`; within a
//! year the depth keeps growing with the fraction of the year elapsed.

/// Rooting depth of an annual `day` days after sowing: linear from `min_cm` at day 0 to
/// `max_cm` at `days_to_max`, constant after (and `min_cm` before sowing).
///
/// # Units
/// Depths in cm, times in days.
pub fn root_depth_annual_cm(min_cm: f64, max_cm: f64, days_to_max: f64, day: f64) -> f64 {
    linear_growth(min_cm, max_cm, days_to_max, day)
}

/// Rooting depth of a perennial `years` after planting: linear from `min_cm` to `max_cm` at
/// `years_to_max`, constant after.
///
/// # Units
/// Depths in cm, times in years.
pub fn root_depth_perennial_cm(min_cm: f64, max_cm: f64, years_to_max: f64, years: f64) -> f64 {
    linear_growth(min_cm, max_cm, years_to_max, years)
}

fn linear_growth(min: f64, max: f64, t_max: f64, t: f64) -> f64 {
    if t_max <= 0.0 {
        return max;
    }
    min + (max - min) * (t / t_max).clamp(0.0, 1.0)
}
